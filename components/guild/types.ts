import type { RouterOutputs } from "@/components/providers/api-types";

type GuildOutputs = RouterOutputs["guild"];

export type GuildPageData = GuildOutputs["get"];
export type RosterEntry = GuildPageData["roster"][number];
export type MemberViewData = GuildOutputs["memberView"];
export type MyGuildContextData = GuildOutputs["mine"];
export type OpenRequest = MyGuildContextData["requests"][number];
export type PlayerCharacter = MyGuildContextData["characters"][number];
export type Activity = MemberViewData["activity"][number];
export type LedgerEntry = NonNullable<MemberViewData["ledger"]>[number];
export type DirectoryEntry = GuildOutputs["leaderboard"][number];
