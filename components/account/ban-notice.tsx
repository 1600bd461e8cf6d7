import Link from "next/link";
import type { BanNotice } from "@/server/session";

/** Shown on every page while a banned player's browser still holds a session cookie. */
export function BanBanner({ ban }: { ban: BanNotice }) {
  return (
    <div role="alert" className="border-b border-red-300 bg-red-50 text-red-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
        <p className="font-semibold" data-testid="ban-message">
          {ban.message}
        </p>
        <Link href="/sign-out" className="rounded border border-red-300 px-3 py-1 font-medium hover:bg-red-100">
          Sign out
        </Link>
      </div>
    </div>
  );
}
