"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import type { RouterOutputs } from "@/components/providers/api-types";

type CharacterQuestDto = RouterOutputs["quest"]["list"]["inProgress"][number];

function QuestCard({ quest, onAbandon, busy }: { quest: CharacterQuestDto; onAbandon?: () => void; busy: boolean }) {
  return (
    <li className="rounded border border-slate-200 p-3" data-testid="quest">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h4 className="font-medium">{quest.questName}</h4>
          <p className="text-xs capitalize text-slate-500">
            {quest.questType} quest · level {quest.requiredLevel}
            {quest.completionCount > 1 ? ` · completed ${quest.completionCount}×` : ""}
          </p>
        </div>
        {onAbandon ? (
          <button type="button" disabled={busy} onClick={onAbandon} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-60">
            Abandon
          </button>
        ) : null}
      </div>
      {quest.description ? <p className="mt-1 text-sm text-slate-600">{quest.description}</p> : null}
      <ul className="mt-2 space-y-1 text-sm">
        {quest.objectives.map((objective) => (
          <li key={objective.index} className="flex items-center justify-between gap-2">
            <span className={objective.done ? "text-emerald-700" : ""}>
              {objective.done ? "✓ " : ""}
              {objective.description}
            </span>
            <span className="font-mono text-xs" aria-label={`${objective.current} of ${objective.required}`}>
              {objective.current}/{objective.required}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function QuestsTab({ characterId }: { characterId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const quests = useQuery(trpc.quest.list.queryOptions({ characterId }));
  const abandon = useMutation(
    trpc.quest.abandon.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.quest.list.queryKey({ characterId }) }) }),
  );
  const [message, setMessage] = useState<string | null>(null);

  if (quests.isPending) return <p className="text-sm text-slate-600">Loading quests…</p>;
  if (quests.isError) return <FormAlert message={formMessageOf(quests.error)} />;
  const groups: [string, CharacterQuestDto[], boolean][] = [
    ["In progress", quests.data.inProgress, true],
    ["Completed", quests.data.completed, false],
    ["Abandoned", quests.data.abandoned, false],
    ["Failed", quests.data.failed, false],
  ];
  return (
    <div className="space-y-4">
      <FormAlert message={message} />
      {groups.map(([title, list, canAbandon]) => (
        <section key={title} aria-label={`${title} quests`}>
          <h3 className="mb-2 font-semibold">
            {title} <span className="text-sm font-normal text-slate-500">({list.length})</span>
          </h3>
          {list.length === 0 ? (
            <p className="text-sm text-slate-500">None.</p>
          ) : (
            <ul className="grid gap-2 md:grid-cols-2">
              {list.map((quest) => (
                <QuestCard
                  key={quest.characterQuestId}
                  quest={quest}
                  busy={abandon.isPending}
                  onAbandon={
                    canAbandon
                      ? () => {
                          setMessage(null);
                          abandon.mutate({ characterId, characterQuestId: quest.characterQuestId }, { onError: (error) => setMessage(formMessageOf(error)) });
                        }
                      : undefined
                  }
                />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
