import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { ProfileForm } from "@/components/profile/profile-form";
import { serverCaller } from "@/server/caller";
import { Panel } from "@/components/ui/panel";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  const caller = await serverCaller();
  const me = await caller.account.me();
  if (!me) redirect("/sign-in?callbackUrl=/profile");
  const [profile, { welcome }] = await Promise.all([caller.profile.mine(), searchParams]);
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone")];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold text-slate-900">Your profile</h1>
        <Link href={`/players/${encodeURIComponent(profile.username)}`} className="text-sm font-medium text-ocean-700 underline">
          See your public profile
        </Link>
      </div>
      {welcome ? (
        <p role="status" className="rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Welcome to BlueMarble, {profile.username}! Your account is ready.
        </p>
      ) : null}
      <Panel id="account-heading" title="Account" headingClassName="mb-2 text-lg font-semibold text-slate-900">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Username</dt>
          <dd>{profile.username}</dd>
          <dt className="text-slate-500">Member since</dt>
          <dd>{profile.createdAt.toISOString().slice(0, 10)}</dd>
          {me.roles.length ? (
            <>
              <dt className="text-slate-500">Staff role</dt>
              <dd>{me.roles.join(", ").replace("_", " ")}</dd>
            </>
          ) : null}
        </dl>
      </Panel>
      <Panel id="profile-heading" title="Public profile and privacy" headingClassName="mb-4 text-lg font-semibold text-slate-900">
        <ProfileForm
          initial={{
            displayName: profile.displayName,
            bio: profile.bio,
            avatarUrl: profile.avatarUrl,
            preferredLanguage: profile.preferredLanguage,
            timezone: profile.timezone,
            privacy: profile.privacy,
          }}
          timeZones={timeZones}
        />
      </Panel>
      <Panel id="password-heading" title="Change password" headingClassName="mb-4 text-lg font-semibold text-slate-900">
        <ChangePasswordForm />
      </Panel>
    </div>
  );
}
