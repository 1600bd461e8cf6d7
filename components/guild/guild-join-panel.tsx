"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { GuildPageData, OpenRequest, PlayerCharacter } from "@/components/guild/types";

/** For a signed-in player with no character in this guild: apply, or answer an invitation. */
export function GuildJoinPanel({ guild, characters, requests }: { guild: GuildPageData["guild"]; characters: PlayerCharacter[]; requests: OpenRequest[] }) {
  const trpc = useTRPC();
  const action = useGuildAction();
  const apply = useMutation(trpc.guild.applyToJoin.mutationOptions());
  const accept = useMutation(trpc.guild.acceptRequest.mutationOptions());
  const decline = useMutation(trpc.guild.declineRequest.mutationOptions());
  const free = characters.filter((c) => c.guild === null);
  const [characterId, setCharacterId] = useState<number | undefined>(free[0]?.characterId);
  const invitations = requests.filter((r) => r.kind === "invitation");
  const applications = requests.filter((r) => r.kind === "application");
  const full = guild.memberCount >= guild.maxMembers;

  return (
    <section aria-labelledby="join-heading" className="space-y-3 rounded-lg bg-white p-5 shadow">
      <h2 id="join-heading" className="text-lg font-semibold">
        Join {guild.name}
      </h2>
      <FormAlert message={action.message?.text ?? null} tone={action.message?.tone} />
      {invitations.map((request) => (
        <div key={request.requestId} className="flex flex-wrap items-center justify-between gap-2 rounded border border-ocean-100 bg-ocean-50 p-3 text-sm">
          <span>
            {request.createdBy.name} invited <strong>{request.character.name}</strong>.
          </span>
          <span className="flex gap-2">
            <button
              type="button"
              disabled={action.busy}
              className="rounded bg-ocean-600 px-3 py-1 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60"
              onClick={() => action.run(() => accept.mutateAsync({ characterId: request.character.characterId, requestId: request.requestId }), `${request.character.name} joined ${guild.name}.`)}
            >
              Accept invitation to {guild.name}
            </button>
            <button
              type="button"
              disabled={action.busy}
              className="rounded border border-slate-300 px-3 py-1 hover:bg-white disabled:opacity-60"
              onClick={() => action.run(() => decline.mutateAsync({ characterId: request.character.characterId, requestId: request.requestId }), "Invitation declined.")}
            >
              Decline
            </button>
          </span>
        </div>
      ))}
      {applications.map((request) => (
        <div key={request.requestId} className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <span>
            <strong>{request.character.name}</strong> has applied; the guild&apos;s officers will answer.
          </span>
          <button
            type="button"
            disabled={action.busy}
            className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60"
            onClick={() => action.run(() => decline.mutateAsync({ characterId: request.character.characterId, requestId: request.requestId }), "Application withdrawn.")}
          >
            Withdraw application
          </button>
        </div>
      ))}
      {free.length === 0 ? (
        <p className="text-sm text-slate-600">
          {characters.length === 0 ? (
            <>
              You need a character to join. <Link href="/characters" className="font-medium text-ocean-700 underline">Create one</Link>.
            </>
          ) : (
            "All your characters are in a guild already."
          )}
        </p>
      ) : !guild.isRecruiting ? (
        <p className="text-sm text-slate-600">This guild is not recruiting; a member can invite you.</p>
      ) : full ? (
        <p className="text-sm text-slate-600">This guild is full.</p>
      ) : (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (characterId === undefined) return;
            void action.run(() => apply.mutateAsync({ characterId, guildId: guild.guildId }), "Application sent.");
          }}
        >
          <div className="space-y-1">
            <label htmlFor="apply-character" className="block text-sm font-medium text-slate-700">
              Apply as
            </label>
            <select id="apply-character" value={characterId} onChange={(event) => setCharacterId(Number(event.target.value))} className="rounded border border-slate-300 px-3 py-2 text-sm">
              {free.map((c) => (
                <option key={c.characterId} value={c.characterId}>
                  {c.name} (level {c.level})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={action.busy} className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
            Apply
          </button>
        </form>
      )}
    </section>
  );
}
