import Link from "next/link";

/** Sign-in link for visitors; the account name and sign-out for signed-in players. */
export function AccountMenu({ username }: { username: string | null }) {
  if (!username) {
    return (
      <Link href="/sign-in" className="rounded bg-white px-3 py-2 text-sm font-semibold text-ocean-700 hover:bg-ocean-50">
        Sign in
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-2 text-sm">
      <span aria-label="Signed in as">{username}</span>
      <Link href="/sign-out" className="rounded px-3 py-2 font-medium hover:bg-ocean-600">
        Sign out
      </Link>
    </div>
  );
}
