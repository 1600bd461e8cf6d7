"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { MyGuildContextData } from "@/components/guild/types";

/** The signed-in player's guild memberships and open invitations/applications, with accept/decline. */
export function MyGuildRequests({ initial }: { initial: MyGuildContextData }) {
  const trpc = useTRPC();
  const mine = useQuery({ ...trpc.guild.mine.queryOptions(), initialData: initial });
  const accept = useMutation(trpc.guild.acceptRequest.mutationOptions());
  const decline = useMutation(trpc.guild.declineRequest.mutationOptions());
  const action = useGuildAction();
  const { characters, requests } = mine.data;
  const memberships = characters.filter((c) => c.guild !== null);

  return (
    <section aria-labelledby="my-guilds-heading" className="space-y-3 rounded-lg bg-white p-5 shadow">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="my-guilds-heading" className="text-lg font-semibold">
          Your guilds
        </h2>
        <Link href="/guilds/new" className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700">
          Found a guild
        </Link>
      </div>
      <FormAlert message={action.message?.text ?? null} tone={action.message?.tone} />
      {characters.length === 0 ? (
        <p className="text-sm text-slate-600">
          Guilds are joined by characters. <Link href="/characters" className="font-medium text-ocean-700 underline">Create a character</Link> first.
        </p>
      ) : memberships.length === 0 ? (
        <p className="text-sm text-slate-600">None of your characters is in a guild yet.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {memberships.map((c) => (
            <li key={c.characterId}>
              {c.name} — <span className="capitalize">{c.guild!.rank}</span> of{" "}
              <Link href={`/guilds/${c.guild!.guildId}`} className="font-medium text-ocean-700 hover:underline">
                {c.guild!.name} [{c.guild!.tag}]
              </Link>
            </li>
          ))}
        </ul>
      )}
      {requests.length > 0 ? (
        <div className="space-y-2">
          <h3 className="font-medium">Invitations and applications</h3>
          <ul className="divide-y text-sm">
            {requests.map((request) => (
              <li key={request.requestId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`request-${request.requestId}`}>
                <span>
                  {request.kind === "invitation" ? (
                    <>
                      <strong>{request.createdBy.name}</strong> invited <strong>{request.character.name}</strong> to{" "}
                    </>
                  ) : (
                    <>
                      <strong>{request.character.name}</strong> applied to{" "}
                    </>
                  )}
                  <Link href={`/guilds/${request.guild.guildId}`} className="font-medium text-ocean-700 hover:underline">
                    {request.guild.name} [{request.guild.tag}]
                  </Link>
                </span>
                <span className="flex gap-2">
                  {request.kind === "invitation" ? (
                    <button
                      type="button"
                      disabled={action.busy}
                      className="rounded bg-ocean-600 px-3 py-1 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60"
                      onClick={() =>
                        action.run(
                          () => accept.mutateAsync({ characterId: request.character.characterId, requestId: request.requestId }),
                          `${request.character.name} joined ${request.guild.name}.`,
                        )
                      }
                    >
                      Accept invitation to {request.guild.name}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    disabled={action.busy}
                    className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60"
                    onClick={() =>
                      action.run(
                        () => decline.mutateAsync({ characterId: request.character.characterId, requestId: request.requestId }),
                        request.kind === "invitation" ? "Invitation declined." : "Application withdrawn.",
                      )
                    }
                  >
                    {request.kind === "invitation" ? "Decline" : "Withdraw"}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
