import "server-only";
import type { PgPool } from "@/server/clients/postgres";

/** Display names for the ids Cassandra rows carry (character_id, owner_guild_id): one batched query each. */

export async function characterNames(pool: PgPool, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const result = await pool.query<{ character_id: number; name: string }>("SELECT character_id, name FROM game_data.characters WHERE character_id = ANY($1::bigint[])", [unique]);
  return new Map(result.rows.map((row) => [Number(row.character_id), row.name]));
}

export async function guildNames(pool: PgPool, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const result = await pool.query<{ guild_id: number; guild_name: string }>("SELECT guild_id, guild_name FROM game_data.guilds WHERE guild_id = ANY($1::bigint[])", [unique]);
  return new Map(result.rows.map((row) => [Number(row.guild_id), row.guild_name]));
}

/** A few existing characters and guilds for the demo world's history and region owners (empty lists before db:seed). */
export async function sampleCharactersAndGuilds(pool: PgPool, limit: number): Promise<{ characterIds: number[]; guildIds: number[] }> {
  const characters = await pool.query<{ character_id: number }>("SELECT character_id FROM game_data.characters ORDER BY character_id LIMIT $1", [limit]);
  const guilds = await pool.query<{ guild_id: number }>("SELECT guild_id FROM game_data.guilds ORDER BY guild_id LIMIT $1", [limit]);
  return { characterIds: characters.rows.map((r) => Number(r.character_id)), guildIds: guilds.rows.map((r) => Number(r.guild_id)) };
}

export async function playerNames(pool: PgPool, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const result = await pool.query<{ player_id: number; username: string }>("SELECT player_id, username FROM game_data.players WHERE player_id = ANY($1::bigint[])", [unique]);
  return new Map(result.rows.map((row) => [Number(row.player_id), row.username]));
}
