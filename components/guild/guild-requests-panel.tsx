"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { issuesToFieldErrors } from "@/components/ui/form-errors";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { OpenRequest } from "@/components/guild/types";
import { inviteInput } from "@/server/guild/guild.schema";

/** Inviting by character name, and answering the guild's open applications (for members allowed to invite). */
export function GuildRequestsPanel({ guildId, characterId, requests }: { guildId: number; characterId: number; requests: OpenRequest[] }) {
  const trpc = useTRPC();
  const action = useGuildAction();
  const invite = useMutation(trpc.guild.invite.mutationOptions());
  const accept = useMutation(trpc.guild.acceptRequest.mutationOptions());
  const decline = useMutation(trpc.guild.declineRequest.mutationOptions());

  async function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const values = { characterId, guildId, characterName: String(new FormData(formElement).get("characterName") ?? "") };
    const checked = inviteInput.safeParse(values);
    if (!checked.success) {
      action.setFieldErrors(issuesToFieldErrors(checked.error.issues));
      action.setMessage({ text: "Please correct the name.", tone: "error" });
      return;
    }
    const done = await action.run(() => invite.mutateAsync(checked.data), `${checked.data.characterName} was invited.`);
    if (done) formElement.reset();
  }

  const applications = requests.filter((r) => r.kind === "application");
  const invitations = requests.filter((r) => r.kind === "invitation");

  return (
    <section aria-labelledby="requests-heading" className="space-y-3 rounded-lg bg-white p-5 shadow">
      <h2 id="requests-heading" className="text-lg font-semibold">
        Recruitment
      </h2>
      <FormAlert message={action.message?.text ?? null} tone={action.message?.tone} />
      <form onSubmit={onInvite} noValidate className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Invite a character by name" name="characterName" required maxLength={50} errors={action.fieldErrors.characterName} />
        </div>
        <button type="submit" disabled={action.busy} className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
          Invite
        </button>
      </form>
      <div>
        <h3 className="font-medium">Applications</h3>
        {applications.length === 0 ? (
          <p className="text-sm text-slate-500">No open applications.</p>
        ) : (
          <ul className="divide-y text-sm">
            {applications.map((request) => (
              <li key={request.requestId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <strong>{request.character.name}</strong> (level {request.character.level} {request.character.class})
                </span>
                <span className="flex gap-2">
                  <button
                    type="button"
                    disabled={action.busy}
                    className="rounded bg-ocean-600 px-3 py-1 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60"
                    onClick={() => action.run(() => accept.mutateAsync({ characterId, requestId: request.requestId }), `${request.character.name} joined the guild.`)}
                  >
                    Accept {request.character.name}
                  </button>
                  <button
                    type="button"
                    disabled={action.busy}
                    className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60"
                    onClick={() => action.run(() => decline.mutateAsync({ characterId, requestId: request.requestId }), `Declined ${request.character.name}.`)}
                  >
                    Decline {request.character.name}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {invitations.length > 0 ? (
        <div>
          <h3 className="font-medium">Pending invitations</h3>
          <ul className="divide-y text-sm">
            {invitations.map((request) => (
              <li key={request.requestId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <strong>{request.character.name}</strong>, invited by {request.createdBy.name}
                </span>
                <button
                  type="button"
                  disabled={action.busy}
                  className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60"
                  onClick={() => action.run(() => decline.mutateAsync({ characterId, requestId: request.requestId }), `Invitation of ${request.character.name} withdrawn.`)}
                >
                  Withdraw invitation of {request.character.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
