/**
 * Inputs of the guild procedures, shared by the forms in components/guild and the router.
 * They mirror the CHECK constraints of game_data.guilds / guild_members / guild_join_requests / guild_bank_ledger
 * (prisma/migrations/0002 and 0040).
 */
import { z } from "zod";

/** The seed's valid_rank CHECK, highest first. */
export const guildRanks = ["leader", "officer", "veteran", "member", "recruit"] as const;
export type GuildRank = (typeof guildRanks)[number];

/** Keys of guild_members.permissions (the seed's default JSON). */
export const guildPermissionNames = ["invite", "kick", "bank"] as const;
export type GuildPermissionName = (typeof guildPermissionNames)[number];
export type GuildPermissions = Record<GuildPermissionName, boolean>;

/** Reads guild_members.permissions: anything missing or not exactly `true` is false. */
export function parseGuildPermissions(json: unknown): GuildPermissions {
  const source = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
  return { invite: source.invite === true, kick: source.kick === true, bank: source.bank === true };
}

const id = z.number({ error: "Pick one." }).int().positive().max(Number.MAX_SAFE_INTEGER);

/** The character the signed-in player acts as; the repository checks it is theirs. */
export const actingCharacter = { characterId: id };

/** guild_name_format (0040): trimmed, 3 to 100 characters. */
export const guildNameSchema = z
  .string()
  .trim()
  .min(3, "Guild names are 3 to 100 characters.")
  .max(100, "Guild names are 3 to 100 characters.");

/** valid_guild_tag (seed): '^[A-Z0-9]{2,10}$'. */
export const guildTagSchema = z.string().trim().regex(/^[A-Z0-9]{2,10}$/, "Guild tags are 2 to 10 upper-case letters or digits.");

export const guildDescriptionSchema = z.string().trim().max(2000, "Descriptions are at most 2,000 characters.");

/** banner_url VARCHAR(500); only http(s) links so a banner can never be a javascript: URL. */
export const bannerUrlSchema = z
  .string()
  .trim()
  .max(500, "Banner links are at most 500 characters.")
  .refine((value) => value === "" || /^https?:\/\/[^\s]+$/i.test(value), "Banner links start with http:// or https://.");

/** positive_members (seed): max_members > 0. The upper bound is ours: a sanity limit for the roster page. */
export const maxMembersSchema = z
  .number({ error: "Enter a number." })
  .int("Enter a whole number.")
  .min(1, "A guild has room for at least 1 member.")
  .max(1000, "A guild has room for at most 1,000 members.");

export const createGuildInput = z.object({
  ...actingCharacter,
  name: guildNameSchema,
  tag: guildTagSchema,
  description: guildDescriptionSchema.default(""),
  bannerUrl: bannerUrlSchema.default(""),
  isRecruiting: z.boolean().default(true),
  maxMembers: maxMembersSchema.default(50),
});
export type CreateGuildInput = z.input<typeof createGuildInput>;

export const updateGuildSettingsInput = z.object({
  ...actingCharacter,
  guildId: id,
  description: guildDescriptionSchema,
  bannerUrl: bannerUrlSchema,
  isRecruiting: z.boolean(),
  maxMembers: maxMembersSchema,
});

export const guildIdInput = z.object({ guildId: id });
export const guildAsCharacterInput = z.object({ ...actingCharacter, guildId: id });

export const applyInput = guildAsCharacterInput;

export const inviteInput = z.object({
  ...actingCharacter,
  guildId: id,
  /** Invitations name the character, as players know each other by name (character_name_format). */
  characterName: z.string().trim().regex(/^[a-zA-Z0-9_-]{3,50}$/, "Character names are 3 to 50 letters, digits, underscores or hyphens."),
});

export const requestDecisionInput = z.object({ ...actingCharacter, requestId: id });

export const memberTargetInput = z.object({ ...actingCharacter, guildId: id, targetCharacterId: id });

export const changeRankInput = memberTargetInput.extend({ rank: z.enum(guildRanks, { error: "Pick a rank." }) });

export const setPermissionsInput = memberTargetInput.extend({
  permissions: z.object({ invite: z.boolean(), kick: z.boolean(), bank: z.boolean() }),
});

/** Gold moved in one deposit or withdrawal: positive_guild_bank_amount (> 0), bounded well below 2^53. */
export const goldAmountSchema = z
  .number({ error: "Enter an amount." })
  .int("Gold comes in whole coins.")
  .min(1, "Enter at least 1 gold.")
  .max(1_000_000_000_000, "That is more gold than one transfer may move.");

export const bankMoveInput = z.object({ ...actingCharacter, guildId: id, amount: goldAmountSchema });

export const ledgerInput = z.object({
  ...actingCharacter,
  guildId: id,
  /** entry_id to continue below (keyset pagination, newest first). */
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const directoryInput = z.object({
  query: z.string().trim().max(100).default(""),
  recruitingOnly: z.boolean().default(false),
  page: z.number().int().min(1).max(1000).default(1),
  pageSize: z.number().int().min(1).max(50).default(20),
});
export type DirectoryInput = z.output<typeof directoryInput>;

export const leaderboardInput = z.object({ limit: z.number().int().min(1).max(100).default(20) });
