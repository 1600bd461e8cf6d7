"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { issuesToFieldErrors } from "@/components/ui/form-errors";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { GuildPageData } from "@/components/guild/types";
import { updateGuildSettingsInput } from "@/server/guild/guild.schema";

/** Description, banner, recruiting and size: for the leader and officers. */
export function GuildSettingsForm({ guild, characterId }: { guild: GuildPageData["guild"]; characterId: number }) {
  const trpc = useTRPC();
  const action = useGuildAction();
  const update = useMutation(trpc.guild.updateSettings.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      characterId,
      guildId: guild.guildId,
      description: String(form.get("description") ?? ""),
      bannerUrl: String(form.get("bannerUrl") ?? ""),
      maxMembers: Number(form.get("maxMembers")),
      isRecruiting: form.get("isRecruiting") === "on",
    };
    const checked = updateGuildSettingsInput.safeParse(values);
    if (!checked.success) {
      action.setFieldErrors(issuesToFieldErrors(checked.error.issues));
      action.setMessage({ text: "Please correct the fields marked below.", tone: "error" });
      return;
    }
    await action.run(() => update.mutateAsync(checked.data), "Settings saved.");
  }

  return (
    <details className="rounded-lg bg-white p-5 shadow">
      <summary className="cursor-pointer text-lg font-semibold">Guild settings</summary>
      <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3">
        <FormAlert message={action.message?.text ?? null} tone={action.message?.tone} />
        <div className="space-y-1">
          <label htmlFor="settings-description" className="block text-sm font-medium text-slate-700">
            Description
          </label>
          <textarea id="settings-description" name="description" rows={3} maxLength={2000} defaultValue={guild.description ?? ""} className="w-full rounded border border-slate-300 px-3 py-2 text-sm" />
          {action.fieldErrors.description ? <p className="text-sm text-red-700">{action.fieldErrors.description.join(" ")}</p> : null}
        </div>
        <Field label="Banner image link" name="bannerUrl" type="url" maxLength={500} defaultValue={guild.bannerUrl ?? ""} errors={action.fieldErrors.bannerUrl} />
        <Field label="Maximum members" name="maxMembers" type="number" min={1} max={1000} defaultValue={guild.maxMembers} errors={action.fieldErrors.maxMembers} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="isRecruiting" defaultChecked={guild.isRecruiting} />
          Recruiting
        </label>
        <button type="submit" disabled={action.busy} className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
          Save settings
        </button>
      </form>
    </details>
  );
}
