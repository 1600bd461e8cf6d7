import type { Activity } from "@/components/guild/types";

/** One line per activity row, e.g. "Ana promoted Bo from recruit to member". */
export function activityText(entry: Activity): string {
  const actor = entry.actor?.name ?? "Someone";
  const target = entry.target?.name ?? "a character";
  const d = entry.details as Record<string, unknown>;
  switch (entry.kind) {
    case "created":
      return `${actor} founded the guild`;
    case "settings_updated":
      return `${actor} changed the guild's settings`;
    case "applied":
      return `${actor} applied to join`;
    case "invited":
      return `${actor} invited ${target}`;
    case "request_accepted":
    case "joined":
      return entry.actor?.characterId === entry.target?.characterId ? `${target} joined` : `${target} joined (accepted by ${actor})`;
    case "request_declined":
      return `${actor} declined the ${String(d.kind ?? "request")} of ${target}`;
    case "request_cancelled":
      return `${actor} withdrew the ${String(d.kind ?? "request")} of ${target}`;
    case "left":
      return `${actor} left the guild`;
    case "kicked":
      return `${actor} removed ${target} from the guild`;
    case "rank_changed":
      return `${actor} changed ${target}'s rank from ${String(d.from)} to ${String(d.to)}`;
    case "permissions_changed":
      return `${actor} changed ${target}'s permissions`;
    case "leadership_transferred":
      return `${actor} handed leadership to ${target}`;
    case "deposit":
      return `${actor} deposited ${Number(d.amount).toLocaleString("en-US")} gold`;
    case "withdraw":
      return `${actor} withdrew ${Number(d.amount).toLocaleString("en-US")} gold`;
    default:
      return `${actor}: ${entry.kind}`;
  }
}
