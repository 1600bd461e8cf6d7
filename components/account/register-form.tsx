"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { passwordMaxLength, passwordMinLength, registerInput } from "@/server/account/account.schema";

export function RegisterForm() {
  const trpc = useTRPC();
  const register = useMutation(trpc.account.register.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = { username: String(form.get("username") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    // The same schema as the server: instant feedback, and the server checks again.
    const checked = registerInput.safeParse(values);
    if (!checked.success) {
      setFieldErrors(issuesToFieldErrors(checked.error.issues));
      setMessage("Please correct the fields marked below.");
      return;
    }
    setFieldErrors({});
    setMessage(null);
    try {
      await register.mutateAsync(values);
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage(formMessageOf(error));
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", { redirect: false, username: checked.data.username, password: values.password });
    if (!result || result.error) {
      setSigningIn(false);
      setMessage("Your account was created, but signing in failed. Please sign in.");
      return;
    }
    // A full load on purpose: it drops every client cache (TanStack Query) that belonged to the previous identity.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/profile?welcome=1");
  }

  const busy = register.isPending || signingIn;
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Create an account" noValidate>
      <FormAlert message={message} />
      <Field label="Username" name="username" autoComplete="username" required errors={fieldErrors.username} hint="3 to 50 letters, digits, underscores or hyphens." />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        errors={fieldErrors.password}
        hint={`${passwordMinLength} to ${passwordMaxLength} characters; not your username and not a common password.`}
      />
      <button type="submit" disabled={busy} className="w-full rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {busy ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-sm text-slate-600">
        Already registered?{" "}
        <Link href="/sign-in" className="font-medium text-ocean-700 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
