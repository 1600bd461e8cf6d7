"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import { ConfirmDialog } from "@/components/characters/confirm-dialog";
import { CreateCharacterForm } from "@/components/characters/create-character-form";
import type { RouterOutputs } from "@/components/providers/api-types";

type CharacterSummary = RouterOutputs["character"]["list"][number];

export function CharacterList({ initialCharacters }: { initialCharacters: CharacterSummary[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: characters = initialCharacters } = useQuery(trpc.character.list.queryOptions(undefined, { initialData: initialCharacters }));
  const remove = useMutation(trpc.character.delete.mutationOptions());
  const [pendingDelete, setPendingDelete] = useState<CharacterSummary | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);

  async function confirmDelete() {
    if (!pendingDelete) return;
    try {
      await remove.mutateAsync({ characterId: pendingDelete.characterId, confirm: true });
      setMessage({ text: `${pendingDelete.name} was deleted. The name is free again.`, tone: "success" });
      await queryClient.invalidateQueries({ queryKey: trpc.character.list.queryKey() });
    } catch (error) {
      setMessage({ text: formMessageOf(error), tone: "error" });
    } finally {
      setPendingDelete(null);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <section aria-labelledby="my-characters-heading" className="space-y-3">
        <h2 id="my-characters-heading" className="text-lg font-semibold">
          My characters <span className="text-sm font-normal text-slate-500">({characters.length} of 10)</span>
        </h2>
        <FormAlert message={message?.text ?? null} tone={message?.tone} />
        {characters.length === 0 ? (
          <p className="rounded-lg bg-white p-5 text-sm text-slate-600 shadow">No characters yet. Create your first one.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Characters">
            {characters.map((character) => (
              <li key={character.characterId} className="flex flex-col justify-between gap-3 rounded-lg bg-white p-5 shadow" data-testid="character-card">
                <div>
                  <Link href={`/characters/${character.characterId}`} className="text-lg font-semibold text-ocean-700 underline-offset-2 hover:underline">
                    {character.name}
                  </Link>
                  <p className="text-sm capitalize text-slate-600">
                    Level {character.level} {character.characterClass}
                    {character.zoneId !== null ? <span className="normal-case"> · zone {character.zoneId}</span> : null}
                  </p>
                  <p className="text-xs text-slate-500">
                    Created {new Date(character.createdAt).toLocaleDateString("en-GB")}
                    {character.lastPlayed ? ` · last played ${new Date(character.lastPlayed).toLocaleDateString("en-GB")}` : " · not played yet"}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Link href={`/characters/${character.characterId}`} className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700">
                    Open
                  </Link>
                  <button
                    type="button"
                    onClick={() => setPendingDelete(character)}
                    className="rounded border border-red-300 px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50"
                    aria-label={`Delete ${character.name}`}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <aside className="rounded-lg bg-white p-5 shadow">
        <CreateCharacterForm activeCount={characters.length} />
      </aside>
      <ConfirmDialog
        open={pendingDelete !== null}
        title={`Delete ${pendingDelete?.name ?? "character"}?`}
        confirmLabel="Delete character"
        busy={remove.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setPendingDelete(null)}
      >
        The character disappears from your account and its name becomes available to others. This cannot be undone from the portal.
      </ConfirmDialog>
    </div>
  );
}
