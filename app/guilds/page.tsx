import type { Metadata } from "next";
import Link from "next/link";
import { GuildDirectory } from "@/components/guild/guild-directory";
import { MyGuildRequests } from "@/components/guild/my-guild-requests";
import { serverCaller } from "@/server/caller";
import { Panel } from "@/components/ui/panel";

export const metadata: Metadata = { title: "Guilds" };
export const dynamic = "force-dynamic";

export default async function GuildsPage() {
  const caller = await serverCaller();
  const [me, leaderboard] = await Promise.all([caller.account.me(), caller.guild.leaderboard({ limit: 10 })]);
  const mine = me ? await caller.guild.mine() : null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Guilds</h1>
      {mine ? (
        <MyGuildRequests initial={mine} />
      ) : (
        <p className="text-sm text-slate-600">
          <Link href="/sign-in?callbackUrl=/guilds" className="font-medium text-ocean-700 underline">
            Sign in
          </Link>{" "}
          to found or join a guild.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <GuildDirectory />
        </div>
        <Panel id="guild-leaderboard-heading" title="Top guilds">
          {leaderboard.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No guilds yet.</p>
          ) : (
            <ol className="mt-3 space-y-2 text-sm">
              {leaderboard.map((guild, index) => (
                <li key={guild.guildId} className="flex items-baseline gap-2">
                  <span className="w-6 text-right font-semibold text-slate-500">{index + 1}.</span>
                  <span className="flex-1">
                    <Link href={`/guilds/${guild.guildId}`} className="font-medium text-ocean-700 hover:underline">
                      {guild.name}
                    </Link>{" "}
                    <span className="text-xs text-slate-500">[{guild.tag}]</span>
                  </span>
                  <span className="text-xs text-slate-600">
                    Lv {guild.level} · {guild.experiencePoints.toLocaleString("en-US")} xp
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Panel>
      </div>
    </div>
  );
}
