"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";

interface Entry {
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
  username: string;
  online: boolean | null;
}

type Action = "accept" | "decline" | "remove" | "block" | "unblock";

const actionLabels: Record<Action, string> = { accept: "Accept", decline: "Decline", remove: "Remove", block: "Block", unblock: "Unblock" };

export function FriendsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [characterId, setCharacterId] = useState<number | undefined>(undefined);
  const overview = useQuery(trpc.friends.overview.queryOptions({ characterId }));
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.friends.overview.queryKey() });
  const request = useMutation(trpc.friends.request.mutationOptions({ onSettled: refresh }));
  const mutations = {
    accept: useMutation(trpc.friends.accept.mutationOptions({ onSettled: refresh })),
    decline: useMutation(trpc.friends.decline.mutationOptions({ onSettled: refresh })),
    remove: useMutation(trpc.friends.remove.mutationOptions({ onSettled: refresh })),
    block: useMutation(trpc.friends.block.mutationOptions({ onSettled: refresh })),
    unblock: useMutation(trpc.friends.unblock.mutationOptions({ onSettled: refresh })),
  };

  if (overview.isPending) return <p role="status">Loading friends…</p>;
  if (overview.isError) return <FormAlert message={overview.error.message} />;
  const data = overview.data;
  const selected = data.selectedCharacterId;
  if (selected === null) {
    return (
      <div className="rounded-lg bg-white p-5 shadow">
        <p className="text-slate-600">
          Friends are made between characters. <Link href="/characters" className="font-medium text-ocean-700 underline">Create a character</Link> first.
        </p>
      </div>
    );
  }
  const selectedName = data.characters.find((c) => c.characterId === selected)?.name ?? "";

  async function act(action: Action, other: Entry) {
    setMessage(null);
    try {
      await mutations[action].mutateAsync({ characterId: selected!, otherCharacterId: other.characterId });
      const done: Record<Action, string> = {
        accept: `You and ${other.name} are now friends.`,
        decline: `Declined ${other.name}'s request.`,
        remove: `Removed ${other.name}.`,
        block: `Blocked ${other.name}.`,
        unblock: `Unblocked ${other.name}.`,
      };
      setMessage({ text: done[action], tone: "success" });
    } catch (error) {
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  async function onRequest(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const targetName = String(new FormData(formElement).get("targetName") ?? "").trim();
    setMessage(null);
    try {
      await request.mutateAsync({ characterId: selected!, targetName });
      setFieldErrors({});
      setMessage({ text: `Friend request sent to ${targetName}.`, tone: "success" });
      formElement.reset();
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  const section = (title: string, entries: Entry[], actions: Action[], empty: string) => (
    <section aria-label={title} className="rounded-lg bg-white p-5 shadow">
      <h2 className="mb-3 text-lg font-semibold text-slate-900">
        {title} <span className="text-sm font-normal text-slate-500">({entries.length})</span>
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <li key={entry.characterId} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-friend={entry.name}>
              <span>
                <span className="font-medium">{entry.name}</span> <span className="text-slate-500">level {entry.level} {entry.characterClass} · </span>
                <Link href={`/players/${encodeURIComponent(entry.username)}`} className="text-ocean-700 underline">
                  {entry.username}
                </Link>
                {entry.online === null ? null : (
                  <span className={`ml-2 rounded-full px-2 py-0.5 text-xs font-semibold ${entry.online ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>
                    {entry.online ? "online" : "offline"}
                  </span>
                )}
              </span>
              <span className="flex gap-2">
                {actions.map((action) => (
                  <button
                    key={action}
                    type="button"
                    onClick={() => act(action, entry)}
                    disabled={mutations[action].isPending}
                    aria-label={`${actionLabels[action]} ${entry.name}`}
                    className={
                      action === "accept"
                        ? "rounded bg-ocean-600 px-3 py-1 text-white hover:bg-ocean-700"
                        : action === "block"
                          ? "rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50"
                          : "rounded border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50"
                    }
                  >
                    {actionLabels[action]}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="space-y-6">
      <div className="rounded-lg bg-white p-5 shadow">
        <label htmlFor="acting-character" className="block text-sm font-medium text-slate-700">
          Acting as
        </label>
        <select
          id="acting-character"
          value={selected}
          onChange={(event) => {
            setMessage(null);
            setCharacterId(Number(event.target.value));
          }}
          className="mt-1 rounded border border-slate-300 px-3 py-2 text-sm"
        >
          {data.characters.map((character) => (
            <option key={character.characterId} value={character.characterId}>
              {character.name} (level {character.level})
            </option>
          ))}
        </select>
        <form onSubmit={onRequest} className="mt-4 flex flex-wrap items-end gap-2" aria-label="Send a friend request" noValidate>
          <div className="min-w-64 flex-1">
            <Field label="Character name" name="targetName" required errors={fieldErrors.targetName} autoComplete="off" />
          </div>
          <button type="submit" disabled={request.isPending} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
            Send friend request
          </button>
        </form>
        <div className="mt-3">
          <FormAlert message={message?.text ?? null} tone={message?.tone} />
        </div>
      </div>
      {section("Requests to " + selectedName, data.incoming, ["accept", "decline", "block"], "No requests waiting.")}
      {section("Friends", data.friends, ["remove", "block"], "No friends yet: send a request above.")}
      {section("Sent requests", data.outgoing, ["remove"], "No open requests.")}
      {section("Blocked", data.blocked, ["unblock"], "You have blocked nobody.")}
    </div>
  );
}
