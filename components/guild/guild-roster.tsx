"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { ConfirmDialog } from "@/components/characters/confirm-dialog";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { MemberViewData, RosterEntry } from "@/components/guild/types";
import { guildPermissionNames, type GuildPermissions, type GuildRank } from "@/server/guild/guild.schema";

const rankLabel = (rank: string) => rank.charAt(0).toUpperCase() + rank.slice(1);

function OnlineDot({ online }: { online: boolean | null }) {
  const [color, label] = online === true ? ["bg-emerald-500", "online"] : online === false ? ["bg-slate-300", "offline"] : ["bg-amber-300", "online state hidden"];
  return (
    <span className="inline-flex items-center" title={label}>
      <span aria-hidden="true" className={`mr-2 inline-block h-2.5 w-2.5 rounded-full ${color}`} />
      <span className="sr-only">{label}</span>
    </span>
  );
}

type Confirm = { kind: "kick" | "transfer"; member: RosterEntry } | null;

/** The roster, with rank, permission, kick and leadership controls where the acting character may use them. */
export function GuildRoster({ guildId, roster, view }: { guildId: number; roster: RosterEntry[]; view: MemberViewData | null }) {
  const trpc = useTRPC();
  const action = useGuildAction();
  const changeRank = useMutation(trpc.guild.changeRank.mutationOptions());
  const setPermissions = useMutation(trpc.guild.setPermissions.mutationOptions());
  const kick = useMutation(trpc.guild.kick.mutationOptions());
  const transfer = useMutation(trpc.guild.transferLeadership.mutationOptions());
  const [confirm, setConfirm] = useState<Confirm>(null);
  const actingId = view?.me.characterId;

  return (
    <section aria-labelledby="roster-heading" className="space-y-3 rounded-lg bg-white p-5 shadow">
      <h2 id="roster-heading" className="text-lg font-semibold">
        Roster
      </h2>
      <FormAlert message={action.message?.text ?? null} tone={action.message?.tone} />
      <table className="w-full text-left text-sm">
        <thead className="border-b text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2">Member</th>
            <th scope="col">Rank</th>
            <th scope="col">Level</th>
            <th scope="col">Contribution</th>
            {view ? <th scope="col"><span className="sr-only">Manage</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {roster.map((member) => {
            const allowed = view?.actions[member.characterId];
            const manageable = allowed && (allowed.ranks.length > 0 || allowed.kick || allowed.permissions.length > 0 || allowed.transferLeadership);
            return (
              <tr key={member.characterId} className="border-b align-top last:border-0" data-testid={`member-${member.name}`}>
                <td className="py-2">
                  <OnlineDot online={member.online} />
                  <span className="font-medium">{member.name}</span>
                  <span className="ml-1 text-xs text-slate-500">{member.class}</span>
                </td>
                <td data-testid="rank">{rankLabel(member.rank)}</td>
                <td>{member.level}</td>
                <td>{member.contributionPoints.toLocaleString("en-US")}</td>
                {view ? (
                  <td className="py-2 text-right">
                    {manageable && actingId !== undefined ? (
                      <details className="inline-block text-left">
                        <summary className="cursor-pointer rounded px-2 py-1 text-ocean-700 hover:bg-ocean-50">Manage {member.name}</summary>
                        <MemberControls
                          member={member}
                          allowed={allowed!}
                          busy={action.busy}
                          onRank={(rank) =>
                            action.run(
                              () => changeRank.mutateAsync({ characterId: actingId, guildId, targetCharacterId: member.characterId, rank }),
                              `${member.name} is now ${rank}.`,
                            )
                          }
                          onPermissions={(permissions) =>
                            action.run(
                              () => setPermissions.mutateAsync({ characterId: actingId, guildId, targetCharacterId: member.characterId, permissions }),
                              `${member.name}'s permissions were saved.`,
                            )
                          }
                          onKick={() => setConfirm({ kind: "kick", member })}
                          onTransfer={() => setConfirm({ kind: "transfer", member })}
                        />
                      </details>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.kind === "kick" ? `Remove ${confirm.member.name}?` : `Hand leadership to ${confirm?.member.name ?? ""}?`}
        confirmLabel={confirm?.kind === "kick" ? "Remove from guild" : "Hand over leadership"}
        busy={action.busy}
        onCancel={() => setConfirm(null)}
        onConfirm={async () => {
          if (!confirm || actingId === undefined) return;
          const target = { characterId: actingId, guildId, targetCharacterId: confirm.member.characterId };
          if (confirm.kind === "kick") await action.run(() => kick.mutateAsync(target), `${confirm.member.name} was removed from the guild.`);
          else await action.run(() => transfer.mutateAsync(target), `${confirm.member.name} now leads the guild; you are an officer.`);
          setConfirm(null);
        }}
      >
        {confirm?.kind === "kick" ? "They can rejoin only with a new invitation or application." : "You become an officer. Only the new leader can hand leadership back."}
      </ConfirmDialog>
    </section>
  );
}

function MemberControls({
  member,
  allowed,
  busy,
  onRank,
  onPermissions,
  onKick,
  onTransfer,
}: {
  member: RosterEntry;
  allowed: MemberViewData["actions"][number];
  busy: boolean;
  onRank: (rank: Exclude<GuildRank, "leader">) => void;
  onPermissions: (permissions: GuildPermissions) => void;
  onKick: () => void;
  onTransfer: () => void;
}) {
  const [rank, setRank] = useState(allowed.ranks[0] ?? member.rank);
  const [flags, setFlags] = useState<GuildPermissions>(member.permissions);
  const id = `manage-${member.characterId}`;
  return (
    <div className="mt-2 w-72 space-y-3 rounded border border-slate-200 bg-slate-50 p-3">
      {allowed.ranks.length > 0 ? (
        <div className="flex items-end gap-2">
          <div className="flex-1 space-y-1">
            <label htmlFor={`${id}-rank`} className="block text-xs font-medium text-slate-700">
              New rank for {member.name}
            </label>
            <select id={`${id}-rank`} value={rank} onChange={(event) => setRank(event.target.value as GuildRank)} className="w-full rounded border border-slate-300 px-2 py-1">
              {allowed.ranks.map((r) => (
                <option key={r} value={r}>
                  {rankLabel(r)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={busy} onClick={() => onRank(rank as Exclude<GuildRank, "leader">)} className="rounded bg-ocean-600 px-3 py-1 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
            Change rank
          </button>
        </div>
      ) : null}
      {allowed.permissions.length > 0 ? (
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-slate-700">Permissions of {member.name}</legend>
          {guildPermissionNames.map((name) => (
            <label key={name} className="mr-3 inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={flags[name]}
                disabled={!allowed.permissions.includes(name)}
                onChange={(event) => setFlags({ ...flags, [name]: event.target.checked })}
              />
              {name}
            </label>
          ))}
          <div>
            <button type="button" disabled={busy} onClick={() => onPermissions(flags)} className="mt-1 rounded border border-ocean-600 px-3 py-1 text-ocean-700 hover:bg-ocean-50 disabled:opacity-60">
              Save permissions
            </button>
          </div>
        </fieldset>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {allowed.kick ? (
          <button type="button" disabled={busy} onClick={onKick} className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50">
            Kick
          </button>
        ) : null}
        {allowed.transferLeadership ? (
          <button type="button" disabled={busy} onClick={onTransfer} className="rounded border border-amber-400 px-3 py-1 text-amber-800 hover:bg-amber-50">
            Make leader
          </button>
        ) : null}
      </div>
    </div>
  );
}
