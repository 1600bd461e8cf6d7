"use client";

import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { ConfirmDialog } from "@/components/characters/confirm-dialog";
import { activityText } from "@/components/guild/activity-text";
import { GuildBankPanel } from "@/components/guild/guild-bank-panel";
import { GuildJoinPanel } from "@/components/guild/guild-join-panel";
import { GuildRequestsPanel } from "@/components/guild/guild-requests-panel";
import { GuildRoster } from "@/components/guild/guild-roster";
import { GuildSettingsForm } from "@/components/guild/guild-settings-form";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { GuildPageData, MyGuildContextData } from "@/components/guild/types";
import { guildRanks } from "@/server/guild/guild.schema";
import { Panel } from "@/components/ui/panel";

/** The guild page: header and roster for everyone; join, bank, recruitment, activity and settings by role. */
export function GuildView({ guildId, initialPage, initialMine }: { guildId: number; initialPage: GuildPageData; initialMine: MyGuildContextData | null }) {
  const trpc = useTRPC();
  const page = useQuery({ ...trpc.guild.get.queryOptions({ guildId }), initialData: initialPage });
  const mine = useQuery({ ...trpc.guild.mine.queryOptions(), initialData: initialMine ?? undefined, enabled: initialMine !== null });
  const members = (mine.data?.characters ?? [])
    .filter((c) => c.guild?.guildId === guildId)
    .sort((a, b) => guildRanks.indexOf(a.guild!.rank) - guildRanks.indexOf(b.guild!.rank));
  const [selected, setSelected] = useState<number | null>(null);
  const acting = members.find((c) => c.characterId === selected) ?? members[0] ?? null;
  const view = useQuery(trpc.guild.memberView.queryOptions(acting ? { guildId, characterId: acting.characterId } : skipToken));
  const { guild, roster, onlineCount } = page.data;

  return (
    <div className="space-y-6">
      <header className="overflow-hidden rounded-lg bg-white shadow">
        {guild.bannerUrl ? (
          <div role="img" aria-label={`${guild.name} banner`} className="h-32 bg-ocean-900 bg-cover bg-center" style={{ backgroundImage: `url(${JSON.stringify(guild.bannerUrl)})` }} />
        ) : (
          <div aria-hidden="true" className="h-3 bg-gradient-to-r from-ocean-700 to-ocean-500" />
        )}
        <div className="space-y-2 p-5">
          <h1 className="text-2xl font-semibold">
            {guild.name} <span className="text-lg font-normal text-slate-500">[{guild.tag}]</span>
          </h1>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700">
            <div>
              <dt className="inline text-slate-500">Level </dt>
              <dd className="inline font-medium">{guild.level}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">Experience </dt>
              <dd className="inline font-medium">{guild.experiencePoints.toLocaleString("en-US")}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">Members </dt>
              <dd className="inline font-medium" data-testid="member-count">
                {guild.memberCount} / {guild.maxMembers}
              </dd>
            </div>
            <div>
              <dt className="inline text-slate-500">Online </dt>
              <dd className="inline font-medium">{onlineCount ?? "unknown"}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">Leader </dt>
              <dd className="inline font-medium">{guild.leader.name}</dd>
            </div>
            <div>
              <dd className={guild.isRecruiting ? "text-emerald-700" : "text-slate-500"}>{guild.isRecruiting ? "Recruiting" : "Not recruiting"}</dd>
            </div>
          </dl>
          {guild.description ? <p className="whitespace-pre-line text-sm text-slate-700">{guild.description}</p> : null}
        </div>
      </header>

      {mine.data && !acting ? (
        <GuildJoinPanel guild={guild} characters={mine.data.characters} requests={mine.data.requests.filter((r) => r.guild.guildId === guildId)} />
      ) : null}

      {acting && members.length > 1 ? (
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor="acting-character" className="font-medium">
            Acting as
          </label>
          <select id="acting-character" value={acting.characterId} onChange={(event) => setSelected(Number(event.target.value))} className="rounded border border-slate-300 px-2 py-1">
            {members.map((c) => (
              <option key={c.characterId} value={c.characterId}>
                {c.name} ({c.guild!.rank})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {view.isError ? <FormAlert message={view.error.message} /> : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <GuildRoster guildId={guildId} roster={roster} view={view.data ?? null} />
          {view.data?.requests ? <GuildRequestsPanel guildId={guildId} characterId={view.data.me.characterId} requests={view.data.requests} /> : null}
        </div>
        {view.data && acting ? (
          <div className="space-y-6">
            <GuildBankPanel guildId={guildId} view={view.data} characterGold={acting.gold} />
            <Panel id="activity-heading" title="Recent activity">
              {view.data.activity.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">Nothing yet.</p>
              ) : (
                <ol className="mt-2 space-y-1 text-sm">
                  {view.data.activity.map((entry) => (
                    <li key={entry.activityId}>
                      <time dateTime={new Date(entry.createdAt).toISOString()} className="mr-2 text-xs text-slate-500">
                        {new Date(entry.createdAt).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}
                      </time>
                      {activityText(entry)}
                    </li>
                  ))}
                </ol>
              )}
            </Panel>
            {view.data.me.canEditSettings ? <GuildSettingsForm guild={guild} characterId={view.data.me.characterId} /> : null}
            {view.data.me.canLeave ? <LeaveGuild guildId={guildId} characterId={view.data.me.characterId} name={acting.name} guildName={guild.name} /> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function LeaveGuild({ guildId, characterId, name, guildName }: { guildId: number; characterId: number; name: string; guildName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const action = useGuildAction();
  const leave = useMutation(trpc.guild.leave.mutationOptions());
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-2">
      <FormAlert message={action.message?.tone === "error" ? action.message.text : null} />
      <button type="button" onClick={() => setOpen(true)} className="rounded border border-red-300 px-3 py-2 text-sm text-red-700 hover:bg-red-50">
        Leave {guildName}
      </button>
      <ConfirmDialog
        open={open}
        title={`Leave ${guildName}?`}
        confirmLabel="Leave guild"
        busy={action.busy}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          const done = await action.run(() => leave.mutateAsync({ characterId, guildId }), `${name} left ${guildName}.`);
          setOpen(false);
          if (done) router.refresh();
        }}
      >
        {name} leaves the guild and needs a new invitation or application to come back.
      </ConfirmDialog>
    </div>
  );
}
