import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/account/sign-in-form";
import { safeCallback } from "@/components/account/safe-callback";
import { serverCaller } from "@/server/caller";
import { currentBanNotice } from "@/server/auth/current-user";
import { processEngines } from "@/server/engines";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; passwordChanged?: string }> }) {
  const params = await searchParams;
  const me = await (await serverCaller()).account.me();
  if (me) redirect(safeCallback(params.callbackUrl));
  // next-auth's own redirect carries the error message; "CredentialsSignin" is its generic code.
  // A banned player sent here from a members-only page learns why at once.
  const ban = await currentBanNotice(processEngines());
  const initialError = params.error ? (params.error === "CredentialsSignin" ? "Wrong username or password." : params.error) : (ban?.message ?? null);
  return (
    <div className="mx-auto max-w-md rounded-lg bg-white p-5 shadow">
      <h1 className="mb-4 text-2xl font-bold text-slate-900">Sign in</h1>
      <SignInForm
        callbackUrl={safeCallback(params.callbackUrl)}
        initialError={initialError}
        notice={params.passwordChanged ? "Your password was changed and every session signed out. Sign in with the new password." : null}
      />
    </div>
  );
}
