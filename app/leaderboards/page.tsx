import type { Metadata } from "next";
import Link from "next/link";
import { serverCaller } from "@/server/caller";
import { leaderboardBoards, type LeaderboardBoard } from "@/server/leaderboard/leaderboard.schema";
import { Panel } from "@/components/ui/panel";

export const metadata: Metadata = { title: "Leaderboards" };

const boardLabels: Record<LeaderboardBoard, { tab: string; score: string }> = {
  level: { tab: "Level", score: "Level" },
  achievement_points: { tab: "Achievement points", score: "Points" },
};

export default async function LeaderboardsPage({ searchParams }: { searchParams: Promise<{ board?: string }> }) {
  const requested = (await searchParams).board;
  const board: LeaderboardBoard = leaderboardBoards.includes(requested as LeaderboardBoard) ? (requested as LeaderboardBoard) : "level";
  const caller = await serverCaller();
  const [view, me] = await Promise.all([caller.leaderboard.view({ board, limit: 100 }), caller.account.me()]);
  const labels = boardLabels[board];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Leaderboards</h1>
      <nav aria-label="Leaderboard" className="flex gap-2">
        {leaderboardBoards.map((option) => (
          <Link
            key={option}
            href={`/leaderboards?board=${option}`}
            aria-current={option === board ? "page" : undefined}
            className={`rounded px-3 py-2 text-sm font-medium ${option === board ? "bg-ocean-600 text-white" : "bg-white text-ocean-700 shadow hover:bg-ocean-50"}`}
          >
            {boardLabels[option].tab}
          </Link>
        ))}
      </nav>

      <Panel id="my-rank-heading" title="Your rank" headingClassName="text-lg font-semibold text-slate-900">
        {!me ? (
          <p className="mt-1 text-sm text-slate-600">
            <Link href="/sign-in?callbackUrl=/leaderboards" className="font-medium text-ocean-700 underline">
              Sign in
            </Link>{" "}
            to see where your best character stands.
          </p>
        ) : view.mine ? (
          <p className="mt-1 text-sm" data-testid="my-rank">
            <span className="text-2xl font-bold text-ocean-700">#{view.mine.rank}</span> of {view.total} · {view.mine.name} ({labels.score.toLowerCase()} {view.mine.score})
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600">None of your characters is on this board yet.</p>
        )}
      </Panel>

      <Panel id="top-heading" title={<>Top {view.top.length} · {labels.tab}</>} headingClassName="mb-3 text-lg font-semibold text-slate-900">
        {view.top.length === 0 ? (
          <p className="text-sm text-slate-500">Nobody is ranked yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Top characters by {labels.tab.toLowerCase()}</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 text-right">Rank</th>
                <th scope="col" className="px-3 py-2">Character</th>
                <th scope="col" className="px-3 py-2">Player</th>
                <th scope="col" className="px-3 py-2 text-right">{labels.score}</th>
              </tr>
            </thead>
            <tbody>
              {view.top.map((row) => (
                <tr key={row.characterId} className={`border-t border-slate-100 ${row.characterId === view.mine?.characterId ? "bg-ocean-50" : ""}`}>
                  <td className="px-3 py-2 text-right tabular-nums">{row.rank}</td>
                  <th scope="row" className="px-3 py-2 font-medium">
                    {row.name} <span className="font-normal text-slate-500">{row.characterClass}</span>
                  </th>
                  <td className="px-3 py-2">
                    <Link href={`/players/${encodeURIComponent(row.username)}`} className="text-ocean-700 underline">
                      {row.username}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
