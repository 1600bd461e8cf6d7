"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { createGuildInput } from "@/server/guild/guild.schema";
import type { PlayerCharacter } from "@/components/guild/types";

/** Founding a guild: the chosen character becomes its leader. */
export function CreateGuildForm({ characters }: { characters: PlayerCharacter[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.guild.create.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [tag, setTag] = useState("");
  const free = characters.filter((c) => c.guild === null);

  if (free.length === 0) {
    return (
      <p className="rounded-lg bg-white p-5 text-sm text-slate-600 shadow">
        {characters.length === 0 ? (
          <>
            You need a character to found a guild. <Link href="/characters" className="font-medium text-ocean-700 underline">Create one</Link>.
          </>
        ) : (
          "All your characters are already in a guild. A character belongs to one guild at a time."
        )}
      </p>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      characterId: Number(form.get("characterId")),
      name: String(form.get("name") ?? ""),
      tag: String(form.get("tag") ?? ""),
      description: String(form.get("description") ?? ""),
      bannerUrl: String(form.get("bannerUrl") ?? ""),
      maxMembers: Number(form.get("maxMembers")),
      isRecruiting: form.get("isRecruiting") === "on",
    };
    const checked = createGuildInput.safeParse(values);
    if (!checked.success) {
      setFieldErrors(issuesToFieldErrors(checked.error.issues));
      setMessage("Please correct the fields marked below.");
      return;
    }
    setFieldErrors({});
    setMessage(null);
    try {
      const { guildId } = await create.mutateAsync(checked.data);
      router.push(`/guilds/${guildId}`);
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage(formMessageOf(error));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4 rounded-lg bg-white p-5 shadow" aria-labelledby="create-guild-heading">
      <h2 id="create-guild-heading" className="text-lg font-semibold">
        Found a guild
      </h2>
      <FormAlert message={message} />
      <div className="space-y-1">
        <label htmlFor="characterId" className="block text-sm font-medium text-slate-700">
          Leader
        </label>
        <select id="characterId" name="characterId" className="w-full rounded border border-slate-300 px-3 py-2 text-sm" aria-describedby="characterId-hint">
          {free.map((c) => (
            <option key={c.characterId} value={c.characterId}>
              {c.name} (level {c.level} {c.class})
            </option>
          ))}
        </select>
        <p id="characterId-hint" className="text-xs text-slate-500">
          This character becomes the guild&apos;s leader.
        </p>
        {fieldErrors.characterId ? <p className="text-sm text-red-700">{fieldErrors.characterId.join(" ")}</p> : null}
      </div>
      <Field label="Guild name" name="name" required maxLength={100} errors={fieldErrors.name} hint="3 to 100 characters; unique (letter case does not matter)." />
      <Field
        label="Tag"
        name="tag"
        required
        maxLength={10}
        value={tag}
        onChange={(event) => setTag(event.target.value.toUpperCase())}
        errors={fieldErrors.tag}
        hint="2 to 10 upper-case letters or digits, shown as [TAG]; unique."
      />
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium text-slate-700">
          Description
        </label>
        <textarea id="description" name="description" rows={3} maxLength={2000} className="w-full rounded border border-slate-300 px-3 py-2 text-sm" />
        {fieldErrors.description ? <p className="text-sm text-red-700">{fieldErrors.description.join(" ")}</p> : null}
      </div>
      <Field label="Banner image link" name="bannerUrl" type="url" maxLength={500} errors={fieldErrors.bannerUrl} hint="Optional; http:// or https://." />
      <Field label="Maximum members" name="maxMembers" type="number" min={1} max={1000} defaultValue={50} required errors={fieldErrors.maxMembers} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="isRecruiting" defaultChecked />
        Recruiting (characters may apply)
      </label>
      <button type="submit" disabled={create.isPending} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {create.isPending ? "Founding…" : "Found guild"}
      </button>
    </form>
  );
}
