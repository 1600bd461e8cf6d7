/**
 * Turns quests_master.objectives (a JSON array) and character_quests.progress (JSON) into rows a page can show.
 * Pure and tolerant: the game server writes these documents, the portal only reads them.
 *
 * objectives: the seed's shape, e.g. [{"type": "kill", "target": "goblin", "count": 10}, {"type": "collect", "item_id": 1001, "count": 5}],
 *   optionally with "id" and "description".
 * progress: units done per objective, either an array by objective index ([4, 5]) or an object keyed by the objective's
 *   index ({"0": 4, "1": 5}) or by its "id". Anything else counts as 0.
 */
export interface ObjectiveProgress {
  index: number;
  description: string;
  current: number;
  required: number;
  done: boolean;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asCount(value: unknown): number | null {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? Math.max(0, Math.floor(number)) : null;
}

function describe(objective: Record<string, unknown>, required: number): string {
  if (typeof objective.description === "string" && objective.description.trim()) return objective.description.trim();
  const type = typeof objective.type === "string" ? objective.type : "complete";
  const verb = type.charAt(0).toUpperCase() + type.slice(1).replace(/_/g, " ");
  const target =
    typeof objective.target === "string" || typeof objective.target === "number"
      ? String(objective.target).replace(/_/g, " ")
      : objective.item_id !== undefined
        ? `item #${String(objective.item_id)}`
        : "objective";
  return required > 1 ? `${verb} ${required} × ${target}` : `${verb} ${target}`;
}

export function objectiveProgress(objectives: unknown, progress: unknown, questCompleted = false): ObjectiveProgress[] {
  if (!Array.isArray(objectives)) return [];
  const byIndex = Array.isArray(progress) ? progress : null;
  const byKey = asRecord(progress);
  return objectives.map((raw, index) => {
    const objective = asRecord(raw) ?? {};
    const required = asCount(objective.count ?? objective.required ?? objective.amount) ?? 1;
    const id = typeof objective.id === "string" || typeof objective.id === "number" ? String(objective.id) : null;
    const recorded = byIndex ? byIndex[index] : byKey ? (byKey[String(index)] ?? (id !== null ? byKey[id] : undefined)) : undefined;
    const current = questCompleted ? required : Math.min(required, asCount(recorded) ?? 0);
    return { index, description: describe(objective, required), current, required, done: current >= required };
  });
}
