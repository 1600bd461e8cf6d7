/** The audit trigger ("who did it"), roles and grants, and row-level security on players. */
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { actAs, createPool, inRollback, insert, makeCharacter, makeGuild, makeItem, makePlayer } from "./db";

async function auditRows(client: pg.ClientBase, table: string, key: string, id: unknown) {
  const result = await client.query(
    `SELECT operation, user_id, host(ip_address) AS ip, changed_data, old_data
       FROM game_data.audit_log
      WHERE table_name = $1 AND coalesce(changed_data, old_data) ->> $2 = $3::text
      ORDER BY audit_id`,
    [table, key, String(id)],
  );
  return result.rows;
}

describe("audit trigger", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  it("records INSERT, UPDATE (with old_data) and DELETE on players with the acting user and IP; never the password hash", async () => {
    await inRollback(pool, async (client) => {
      const admin = await makePlayer(client);
      await actAs(client, admin.player_id as string, null, "203.0.113.7");
      const player = await makePlayer(client);
      await client.query("UPDATE game_data.players SET email = $2, password_hash = 'new-hash' WHERE player_id = $1", [player.player_id, `new-${player.email}`]);
      await client.query("DELETE FROM game_data.players WHERE player_id = $1", [player.player_id]);

      const rows = await auditRows(client, "players", "player_id", player.player_id);
      expect(rows.map((r) => r.operation)).toEqual(["INSERT", "UPDATE", "DELETE"]);
      for (const row of rows) {
        expect(row.user_id).toBe(admin.player_id);
        expect(row.ip).toBe("203.0.113.7");
      }
      const [inserted, updated, deleted] = rows;
      expect(inserted.old_data).toBeNull();
      expect(inserted.changed_data).toMatchObject({ username: player.username, password_hash: "[redacted]" });
      expect(updated.old_data).toMatchObject({ email: player.email, password_hash: "[redacted]" });
      expect(updated.changed_data).toMatchObject({ email: `new-${player.email}`, password_hash: "[redacted:changed]" });
      expect(deleted.changed_data).toMatchObject({ email: `new-${player.email}` });
      expect(deleted.old_data).toEqual(deleted.changed_data);
      expect(JSON.stringify(rows)).not.toContain("new-hash");
    });
  });

  it("tolerates missing and empty settings (user and IP recorded as NULL), and a malformed IP", async () => {
    await inRollback(pool, async (client) => {
      // Never set in this session/transaction: current_setting(..., true) is NULL.
      const a = await makePlayer(client);
      // Set to '' as on a pooled connection after SET LOCAL.
      await actAs(client, null, null, "not an ip");
      const b = await makePlayer(client);
      const rowsA = await auditRows(client, "players", "player_id", a.player_id);
      const rowsB = await auditRows(client, "players", "player_id", b.player_id);
      expect(rowsA[0]).toMatchObject({ operation: "INSERT", user_id: null, ip: null });
      expect(rowsB[0]).toMatchObject({ operation: "INSERT", user_id: null, ip: null });
    });
  });

  it("is attached to every sensitive table", async () => {
    const result = await pool.query<{ table: string; trigger: string }>(`
      SELECT c.relname AS table, t.tgname AS trigger
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'game_data' AND NOT t.tgisinternal AND t.tgfoid = 'game_data.audit_trigger_function'::regproc
       ORDER BY 1`);
    expect(result.rows).toEqual(
      ["character_currencies", "character_inventory", "characters", "guild_members", "guilds", "marketplace_listings", "player_bans", "players", "staff_roles", "transactions"]
        .map((table) => ({ table, trigger: `audit_${table}` })),
    );
  });

  it("records changes on the other audited tables with the acting user", async () => {
    await inRollback(pool, async (client) => {
      const actor = await makePlayer(client);
      await actAs(client, actor.player_id as string);
      const character = await makeCharacter(client, actor.player_id);
      const item = await makeItem(client);
      await insert(client, "character_currencies", { character_id: character.character_id, currency_type: "gems", amount: 1 });
      await client.query("UPDATE game_data.character_currencies SET amount = 2 WHERE character_id = $1", [character.character_id]);
      await insert(client, "character_inventory", { character_id: character.character_id, item_id: item.item_id, slot_position: 5 });
      const guild = await makeGuild(client, character.character_id);
      await insert(client, "guild_members", { guild_id: guild.guild_id, character_id: character.character_id, rank: "leader" });
      await insert(client, "staff_roles", { player_id: actor.player_id, role: "admin" });

      const currencies = await auditRows(client, "character_currencies", "character_id", character.character_id);
      expect(currencies.map((r) => [r.operation, r.user_id, r.old_data?.amount ?? null, r.changed_data.amount])).toEqual([
        ["INSERT", actor.player_id, null, 1],
        ["UPDATE", actor.player_id, 1, 2],
      ]);
      for (const table of ["characters", "character_inventory", "guild_members"]) {
        const rows = await auditRows(client, table, "character_id", character.character_id);
        expect(rows.map((r) => [r.operation, r.user_id]), table).toEqual([["INSERT", actor.player_id]]);
      }
      expect((await auditRows(client, "guilds", "guild_id", guild.guild_id)).length).toBe(1);
      expect((await auditRows(client, "staff_roles", "player_id", actor.player_id)).length).toBe(1);
    });
  });
});

describe("roles, grants and row-level security", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  it("the four seed roles exist", async () => {
    const result = await pool.query("SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1", [["game_app_read", "game_app_write", "game_admin", "analytics_read"]]);
    expect(result.rows.map((r) => r.rolname)).toEqual(["analytics_read", "game_admin", "game_app_read", "game_app_write"]);
  });

  it("grants match the seed on every table, including tables created after the grants (default privileges)", async () => {
    const result = await pool.query<{ table: string; role: string; privileges: string }>(`
      SELECT c.relname AS table, r.role,
             concat_ws(',', CASE WHEN has_table_privilege(r.role, c.oid, 'SELECT') THEN 'SELECT' END,
                            CASE WHEN has_table_privilege(r.role, c.oid, 'INSERT') THEN 'INSERT' END,
                            CASE WHEN has_table_privilege(r.role, c.oid, 'UPDATE') THEN 'UPDATE' END,
                            CASE WHEN has_table_privilege(r.role, c.oid, 'DELETE') THEN 'DELETE' END) AS privileges
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN unnest(ARRAY['game_app_read', 'game_app_write', 'game_admin', 'analytics_read']) AS r(role)
       WHERE n.nspname = 'game_data' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`);
    for (const row of result.rows) {
      const expected = {
        game_app_read: "SELECT",
        analytics_read: "SELECT",
        game_admin: "SELECT,INSERT,UPDATE,DELETE",
        game_app_write: row.table === "audit_log" || row.table.startsWith("archived_") ? "SELECT" : "SELECT,INSERT,UPDATE",
      }[row.role];
      expect(`${row.table} ${row.role} ${row.privileges}`).toBe(`${row.table} ${row.role} ${expected}`);
    }
    expect(new Set(result.rows.map((r) => r.table))).toContain("player_bans"); // created in 0007, after 0006's grants
    const sequences = await pool.query("SELECT has_sequence_privilege('game_app_write', 'game_data.players_player_id_seq', 'USAGE') AS ok");
    expect(sequences.rows[0].ok).toBe(true);
  });

  it("game_app_write sees and changes only the player named by app.current_player_id; missing means no rows", async () => {
    await inRollback(pool, async (client) => {
      const me = await makePlayer(client);
      const other = await makePlayer(client);
      await client.query("SET LOCAL ROLE game_app_write");

      // Never set: no rows, no error.
      expect((await client.query("SELECT player_id FROM game_data.players")).rows).toEqual([]);
      await actAs(client, me.player_id as string, null);
      expect((await client.query("SELECT player_id FROM game_data.players")).rows).toEqual([]);

      await actAs(client, me.player_id as string);
      expect((await client.query("SELECT player_id FROM game_data.players")).rows).toEqual([{ player_id: me.player_id }]);
      const touched = await client.query("UPDATE game_data.players SET last_login = now() WHERE player_id = ANY($1)", [[me.player_id, other.player_id]]);
      expect(touched.rowCount).toBe(1);

      // WITH CHECK: cannot insert a player row for somebody else.
      await client.query("SAVEPOINT s");
      await expect(makePlayer(client)).rejects.toMatchObject({ code: "42501" });
      await client.query("ROLLBACK TO SAVEPOINT s");

      // The audit trigger still writes although game_app_write has no INSERT on audit_log.
      await client.query("RESET ROLE");
      const audit = await auditRows(client, "players", "player_id", me.player_id);
      expect(audit.at(-1)).toMatchObject({ operation: "UPDATE", user_id: me.player_id });
    });
  });

  it("game_app_write cannot write audit_log directly; game_app_read sees all players", async () => {
    await inRollback(pool, async (client) => {
      const player = await makePlayer(client);
      await client.query("SET LOCAL ROLE game_app_write");
      await client.query("SAVEPOINT s");
      await expect(client.query("INSERT INTO game_data.audit_log (table_name, operation) VALUES ('players', 'FORGED')")).rejects.toMatchObject({ code: "42501" });
      await client.query("ROLLBACK TO SAVEPOINT s");
      await client.query("RESET ROLE");
      await client.query("SET LOCAL ROLE game_app_read");
      const seen = await client.query("SELECT username FROM game_data.players WHERE player_id = $1", [player.player_id]);
      expect(seen.rows).toEqual([{ username: player.username }]);
    });
  });

  it("only game_admin may run the maintenance functions", async () => {
    const result = await pool.query(`SELECT r AS role,
        has_function_privilege(r, 'game_data.archive_old_data()', 'EXECUTE') AS archive,
        has_function_privilege(r, 'game_data.ensure_game_events_partitions(integer, integer)', 'EXECUTE') AS partitions
      FROM unnest(ARRAY['game_admin', 'game_app_write', 'game_app_read', 'analytics_read']) AS r ORDER BY 1`);
    expect(result.rows).toEqual([
      { role: "analytics_read", archive: false, partitions: false },
      { role: "game_admin", archive: true, partitions: true },
      { role: "game_app_read", archive: false, partitions: false },
      { role: "game_app_write", archive: false, partitions: false },
    ]);
  });
});
