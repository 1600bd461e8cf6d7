"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { updateProfileInput } from "@/server/profile/profile.schema";

export interface ProfileFormValues {
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  preferredLanguage: string;
  timezone: string | null;
  privacy: { showOnline: boolean; allowFriendRequests: boolean; showAchievements: boolean; showInSearch: boolean };
}

const languages: [string, string][] = [
  ["en", "English"],
  ["de", "Deutsch"],
  ["fr", "Français"],
  ["es", "Español"],
  ["it", "Italiano"],
  ["pt-BR", "Português (Brasil)"],
  ["pl", "Polski"],
  ["sv", "Svenska"],
  ["ja", "日本語"],
  ["ko", "한국어"],
  ["zh-CN", "中文（简体）"],
];

const privacyLabels: [keyof ProfileFormValues["privacy"], string, string][] = [
  ["showOnline", "Show when I am online", "Others see whether your characters are online."],
  ["allowFriendRequests", "Allow friend requests", "Other players can send your characters friend requests."],
  ["showAchievements", "Show my achievements", "Your achievement points and latest unlocks appear on your public profile."],
  ["showInSearch", "Show me in search", "Other players find you by username or display name in the search box. Staff can always find you."],
];

export function ProfileForm({ initial, timeZones }: { initial: ProfileFormValues; timeZones: string[] }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.profile.update.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const languageOptions = languages.some(([code]) => code === initial.preferredLanguage) ? languages : [[initial.preferredLanguage, initial.preferredLanguage] as [string, string], ...languages];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      displayName: String(form.get("displayName") ?? ""),
      bio: String(form.get("bio") ?? ""),
      avatarUrl: String(form.get("avatarUrl") ?? ""),
      preferredLanguage: String(form.get("preferredLanguage") ?? "en"),
      timezone: String(form.get("timezone") ?? ""),
      privacy: {
        showOnline: form.get("showOnline") === "on",
        allowFriendRequests: form.get("allowFriendRequests") === "on",
        showAchievements: form.get("showAchievements") === "on",
        showInSearch: form.get("showInSearch") === "on",
      },
    };
    const checked = updateProfileInput.safeParse(values);
    if (!checked.success) {
      setFieldErrors(issuesToFieldErrors(checked.error.issues));
      setMessage({ text: "Please correct the fields marked below.", tone: "error" });
      return;
    }
    try {
      await update.mutateAsync(values);
      setFieldErrors({});
      setMessage({ text: "Profile saved.", tone: "success" });
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Edit profile" noValidate>
      <FormAlert message={message?.text ?? null} tone={message?.tone} />
      <Field label="Display name" name="displayName" defaultValue={initial.displayName ?? ""} maxLength={100} errors={fieldErrors.displayName} />
      <div className="space-y-1">
        <label htmlFor="bio" className="block text-sm font-medium text-slate-700">
          Bio
        </label>
        <textarea
          id="bio"
          name="bio"
          rows={4}
          defaultValue={initial.bio ?? ""}
          aria-invalid={fieldErrors.bio ? true : undefined}
          aria-describedby={fieldErrors.bio ? "bio-error" : undefined}
          className="w-full rounded border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500"
        />
        {fieldErrors.bio ? (
          <p id="bio-error" className="text-sm text-red-700">
            {fieldErrors.bio.join(" ")}
          </p>
        ) : null}
      </div>
      <Field label="Avatar URL" name="avatarUrl" type="url" defaultValue={initial.avatarUrl ?? ""} hint="An http:// or https:// address of an image." errors={fieldErrors.avatarUrl} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="preferredLanguage" className="block text-sm font-medium text-slate-700">
            Language
          </label>
          <select id="preferredLanguage" name="preferredLanguage" defaultValue={initial.preferredLanguage} className="w-full rounded border border-slate-300 px-3 py-2 text-sm">
            {languageOptions.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
          {fieldErrors.preferredLanguage ? <p className="text-sm text-red-700">{fieldErrors.preferredLanguage.join(" ")}</p> : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="timezone" className="block text-sm font-medium text-slate-700">
            Time zone
          </label>
          <select
            id="timezone"
            name="timezone"
            defaultValue={initial.timezone ?? ""}
            aria-invalid={fieldErrors.timezone ? true : undefined}
            aria-describedby={fieldErrors.timezone ? "timezone-error" : undefined}
            className="w-full rounded border border-slate-300 px-3 py-2 text-sm"
          >
            <option value="">Not set</option>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          {fieldErrors.timezone ? (
            <p id="timezone-error" className="text-sm text-red-700">
              {fieldErrors.timezone.join(" ")}
            </p>
          ) : null}
        </div>
      </div>
      <fieldset className="space-y-2 rounded border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-700">Privacy</legend>
        {privacyLabels.map(([key, label, hint]) => (
          <div key={key} className="flex items-start gap-2">
            <input id={key} name={key} type="checkbox" defaultChecked={initial.privacy[key]} aria-describedby={`${key}-hint`} className="mt-1 h-4 w-4" />
            <div>
              <label htmlFor={key} className="text-sm font-medium text-slate-800">
                {label}
              </label>
              <p id={`${key}-hint`} className="text-xs text-slate-500">
                {hint}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={update.isPending} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {update.isPending ? "Saving…" : "Save profile"}
      </button>
    </form>
  );
}
