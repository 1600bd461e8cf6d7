/**
 * Rows for the guild suites, inserted with SQL (accounts and characters belong to other domains; these tests only
 * need them to exist). Every name is unique, so files and tests run in parallel.
 */
import type { Engines } from "@/server/engines";
import { createInnerContext } from "@/server/context";
import { createCaller } from "@/server/app.router";
import type { SessionUser } from "@/server/session";
import { unique } from "@/tests/helpers/engines";

export type Caller = ReturnType<typeof createCaller>;

export interface TestCharacter {
  playerId: number;
  characterId: number;
  name: string;
  session: SessionUser;
  caller: Caller;
}

/** A player with one character (and `gold` gold), plus a caller signed in as that player. */
export async function newGuildCharacter(engines: Engines, options: { gold?: number; level?: number } = {}): Promise<TestCharacter> {
  const username = unique("gp");
  const name = unique("gc");
  const result = await engines.postgres.pool.query<{ player_id: number; character_id: number }>(
    `WITH p AS (
       INSERT INTO game_data.players (username, email, password_hash) VALUES ($1::text, $1::text || '@example.test', 'not-a-real-hash') RETURNING player_id
     ), c AS (
       INSERT INTO game_data.characters (player_id, name, class, level) SELECT player_id, $2, 'warrior', $3 FROM p RETURNING player_id, character_id
     ), g AS (
       INSERT INTO game_data.character_currencies (character_id, currency_type, amount) SELECT character_id, 'gold', $4 FROM c
     )
     SELECT player_id, character_id FROM c`,
    [username, name, options.level ?? 10, options.gold ?? 0],
  );
  const row = result.rows[0]!;
  const session: SessionUser = { playerId: row.player_id, username, roles: [] };
  return { playerId: row.player_id, characterId: row.character_id, name, session, caller: createCaller(createInnerContext({ engines, session })) };
}

/** A unique, valid guild tag (2 to 10 upper-case letters or digits). */
export function uniqueTag(): string {
  return unique("").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(-10);
}

export async function newGuild(
  engines: Engines,
  leader: TestCharacter,
  options: { maxMembers?: number; isRecruiting?: boolean } = {},
): Promise<{ guildId: number; name: string; tag: string }> {
  const name = `Guild ${unique("g")}`;
  const tag = uniqueTag();
  const { guildId } = await leader.caller.guild.create({
    characterId: leader.characterId,
    name,
    tag,
    maxMembers: options.maxMembers ?? 50,
    isRecruiting: options.isRecruiting ?? true,
  });
  return { guildId, name, tag };
}

/** Invites `who` and has them accept: a member of rank recruit. */
export async function join(leader: TestCharacter, guildId: number, who: TestCharacter): Promise<void> {
  const { requestId } = await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: who.name });
  await who.caller.guild.acceptRequest({ characterId: who.characterId, requestId });
}

export async function gold(engines: Engines, characterId: number): Promise<number> {
  const result = await engines.postgres.pool.query<{ amount: number }>(
    "SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = 'gold'",
    [characterId],
  );
  return result.rows[0]?.amount ?? 0;
}

export async function bank(engines: Engines, guildId: number): Promise<number> {
  const result = await engines.postgres.pool.query<{ guild_bank_gold: number }>("SELECT guild_bank_gold FROM game_data.guilds WHERE guild_id = $1", [guildId]);
  return result.rows[0]!.guild_bank_gold;
}

export async function memberRank(engines: Engines, guildId: number, characterId: number): Promise<string | null> {
  const result = await engines.postgres.pool.query<{ rank: string }>(
    "SELECT rank FROM game_data.guild_members WHERE guild_id = $1 AND character_id = $2",
    [guildId, characterId],
  );
  return result.rows[0]?.rank ?? null;
}

export async function memberCount(engines: Engines, guildId: number): Promise<number> {
  const result = await engines.postgres.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM game_data.guild_members WHERE guild_id = $1", [guildId]);
  return result.rows[0]!.n;
}
