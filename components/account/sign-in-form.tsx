"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Field, FormAlert } from "@/components/ui/field";
import { safeCallback } from "@/components/account/safe-callback";

export function SignInForm({ callbackUrl, initialError, notice = null }: { callbackUrl: string; initialError: string | null; notice?: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong username or password.");
      return;
    }
    // A full load so the server layout re-reads the session.
    window.location.assign(safeCallback(callbackUrl));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in" noValidate>
      <FormAlert message={error} />
      {!error && notice ? <FormAlert message={notice} tone="success" /> : null}
      <Field label="Username or email" name="username" autoComplete="username" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending} className="w-full rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-sm text-slate-600">
        New to BlueMarble?{" "}
        <Link href="/register" className="font-medium text-ocean-700 underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
