"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { changePasswordInput } from "@/server/account/account.schema";

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const values = { currentPassword: String(form.get("currentPassword") ?? ""), newPassword: String(form.get("newPassword") ?? "") };
    const checked = changePasswordInput.safeParse(values);
    if (!checked.success) {
      setFieldErrors(issuesToFieldErrors(checked.error.issues));
      setMessage({ text: "Please correct the fields marked below.", tone: "error" });
      return;
    }
    try {
      await change.mutateAsync(values);
      setFieldErrors({});
      setMessage({ text: "Your password was changed. Signing you out…", tone: "success" });
      formElement.reset();
      // The change ends every session signed in with the old password, this one included: sign in again.
      await signOut({ redirect: false });
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/sign-in?passwordChanged=1&callbackUrl=%2Fprofile");
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Change password" noValidate>
      <FormAlert message={message?.text ?? null} tone={message?.tone} />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fieldErrors.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required errors={fieldErrors.newPassword} hint="10 to 128 characters." />
      <button type="submit" disabled={change.isPending} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {change.isPending ? "Saving…" : "Change password"}
      </button>
    </form>
  );
}
