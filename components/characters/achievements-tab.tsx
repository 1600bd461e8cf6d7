"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";

export function AchievementsTab({ characterId }: { characterId: number }) {
  const trpc = useTRPC();
  const achievements = useQuery(trpc.achievement.list.queryOptions({ characterId }));
  if (achievements.isPending) return <p className="text-sm text-slate-600">Loading achievements…</p>;
  if (achievements.isError) return <FormAlert message={formMessageOf(achievements.error)} />;
  const { unlocked, locked, hiddenLockedCount, unlockedPoints } = achievements.data;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <strong>{unlockedPoints}</strong> achievement points from {unlocked.length} unlocked achievement{unlocked.length === 1 ? "" : "s"}.
      </p>
      <section aria-label="Unlocked achievements">
        <h3 className="mb-2 font-semibold">Unlocked</h3>
        {unlocked.length === 0 ? (
          <p className="text-sm text-slate-500">None yet.</p>
        ) : (
          <ul className="grid gap-2 md:grid-cols-2">
            {unlocked.map((a) => (
              <li key={a.achievementId} className="rounded border border-emerald-200 bg-emerald-50 p-3">
                <div className="flex justify-between gap-2">
                  <span className="font-medium">{a.achievementName}</span>
                  <span className="text-sm font-semibold text-emerald-800">{a.points} pts</span>
                </div>
                {a.description ? <p className="text-sm text-slate-600">{a.description}</p> : null}
                <p className="text-xs text-slate-500">
                  {a.category} · unlocked {a.unlockedAt ? new Date(a.unlockedAt).toLocaleDateString("en-GB") : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Locked achievements">
        <h3 className="mb-2 font-semibold">Still to earn</h3>
        <ul className="grid gap-2 md:grid-cols-2">
          {locked.map((a) => (
            <li key={a.achievementId} className="rounded border border-slate-200 p-3 text-slate-600">
              <div className="flex justify-between gap-2">
                <span className="font-medium">{a.achievementName}</span>
                <span className="text-sm">{a.points} pts</span>
              </div>
              {a.description ? <p className="text-sm">{a.description}</p> : null}
            </li>
          ))}
        </ul>
        {hiddenLockedCount > 0 ? (
          <p className="mt-2 text-sm text-slate-500">
            …and {hiddenLockedCount} hidden achievement{hiddenLockedCount === 1 ? "" : "s"} to discover.
          </p>
        ) : null}
        {locked.length === 0 && hiddenLockedCount === 0 ? <p className="text-sm text-slate-500">Nothing left to earn.</p> : null}
      </section>
    </div>
  );
}
