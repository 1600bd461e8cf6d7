"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { characterClasses, createCharacterInput, maxActiveCharacters } from "@/server/character/character.schema";

const classBlurbs: Record<(typeof characterClasses)[number], string> = {
  warrior: "Front-line fighter: most health, strong attacks.",
  ranger: "Agile archer and scout.",
  mage: "Fragile, with the deepest mana and magic power.",
  cleric: "Healer with sturdy vitality and mana.",
  rogue: "Fast, lucky, critical hits.",
  engineer: "Builder and tinkerer, balanced.",
};

export function CreateCharacterForm({ activeCount }: { activeCount: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.character.create.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const full = activeCount >= maxActiveCharacters;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const values = { name: String(form.get("name") ?? ""), characterClass: String(form.get("characterClass") ?? "") };
    const checked = createCharacterInput.safeParse(values);
    if (!checked.success) {
      setFieldErrors(issuesToFieldErrors(checked.error.issues));
      setMessage({ text: "Please correct the fields marked below.", tone: "error" });
      return;
    }
    setFieldErrors({});
    setMessage(null);
    try {
      const created = await create.mutateAsync(checked.data);
      formElement.reset();
      setMessage({ text: `${created.name} the ${created.characterClass} is ready.`, tone: "success" });
      await queryClient.invalidateQueries({ queryKey: trpc.character.list.queryKey() });
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-labelledby="create-character-heading" noValidate>
      <h2 id="create-character-heading" className="text-lg font-semibold">
        Create a character
      </h2>
      <FormAlert message={message?.text ?? null} tone={message?.tone} />
      {full ? <p className="text-sm text-amber-800">You have {maxActiveCharacters} characters, the most an account may hold. Delete one to make room.</p> : null}
      <Field label="Name" name="name" required maxLength={50} errors={fieldErrors.name} hint="3 to 50 letters, digits, underscores or hyphens; unique in the world." />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Class</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {characterClasses.map((characterClass, index) => (
            <label key={characterClass} className="flex cursor-pointer items-start gap-2 rounded border border-slate-200 p-2 text-sm hover:bg-ocean-50 has-[:checked]:border-ocean-500 has-[:checked]:bg-ocean-50">
              <input type="radio" name="characterClass" value={characterClass} defaultChecked={index === 0} className="mt-1" />
              <span>
                <span className="font-medium capitalize">{characterClass}</span>
                <span className="block text-xs text-slate-600">{classBlurbs[characterClass]}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors.characterClass ? <p className="text-sm text-red-700">{fieldErrors.characterClass.join(" ")}</p> : null}
      </fieldset>
      <button type="submit" disabled={create.isPending || full} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {create.isPending ? "Creating…" : "Create character"}
      </button>
    </form>
  );
}
