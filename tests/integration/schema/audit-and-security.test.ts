/** The audit trigger ("who did it"), roles and grants, and row-level security on players. */
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { actAs, createPool, inRollback, insert, makeCharacter, makeGuild, makeItem, makePlayer } from "./db";

/** History the application appends to but never rewrites: UPDATE revoked from game_app_write (0030, 0040, 0070). */
const appendOnlyForApp = ["market_fees", "economy_ledger", "guild_bank_ledger", "guild_activity", "economy_snapshots"];
/**
 * DELETE granted to game_app_write beyond the seed's SELECT/INSERT/UPDATE (docs/seed-deviations.md §13 follow-up):
 * escrow empties inventory slots and withdrawn trade offers are removed (0030, §25); leaving or kicking removes a
 * membership (0040, §23).
 */
const deletableByApp = ["character_inventory", "trade_offer_items", "trade_offer_currencies", "guild_members"];

function appWritePrivileges(table: string): string {
  // The audit log and the archives are written only by SECURITY DEFINER functions (§10, §11, §13).
  // The search outbox likewise: SECURITY DEFINER triggers fill it, the worker (owner) drains it (0070, §28).
  if (table === "audit_log" || table === "search_outbox" || table.startsWith("archived_")) return "SELECT";
  if (appendOnlyForApp.includes(table)) return "SELECT,INSERT";
  if (deletableByApp.includes(table)) return "SELECT,INSERT,UPDATE,DELETE";
  return "SELECT,INSERT,UPDATE";
}

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
      [
        // 0004 and 0007 (docs/seed-deviations.md §10)
        "character_currencies", "character_inventory", "characters", "guild_members", "guilds", "marketplace_listings", "player_bans",
        "players", "staff_roles", "transactions",
        // 0030: everything that holds or moves money or items (§25). Not market_idempotency_keys (a retry cache).
        "economy_ledger", "market_fees", "market_mailbox", "trade_offer_currencies", "trade_offer_items", "trade_sessions",
        // 0070: the conservation baselines, which must not change unseen (§28).
        "economy_snapshots",
        // 0040: guild requests, bank ledger and activity feed (§23).
        "guild_activity", "guild_bank_ledger", "guild_join_requests",
      ]
        .sort()
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

  it("records guild (0040) and market/trade (0030) writes with the acting user", async () => {
    await inRollback(pool, async (client) => {
      const actor = await makePlayer(client);
      await actAs(client, actor.player_id as string);
      const character = await makeCharacter(client, actor.player_id);
      const partner = await makeCharacter(client, (await makePlayer(client)).player_id);
      const item = await makeItem(client);
      const guild = await makeGuild(client, character.character_id);
      const guildId = guild.guild_id;
      const request = await insert(client, "guild_join_requests", { guild_id: guildId, character_id: partner.character_id, kind: "invitation", created_by: character.character_id });
      await client.query("UPDATE game_data.guild_join_requests SET status = 'declined', decided_at = now(), decided_by = $2 WHERE request_id = $1", [request.request_id, partner.character_id]);
      await insert(client, "guild_bank_ledger", { guild_id: guildId, character_id: character.character_id, direction: "deposit", amount: 10, balance_after: 10 });
      await insert(client, "guild_activity", { guild_id: guildId, actor_character_id: character.character_id, kind: "deposit" });
      const trade = await insert(client, "trade_sessions", { initiator_character_id: character.character_id, partner_character_id: partner.character_id });
      await insert(client, "trade_offer_items", { trade_id: trade.trade_id, character_id: character.character_id, inventory_slot_id: 1, item_id: item.item_id, quantity: 1 });
      await insert(client, "trade_offer_currencies", { trade_id: trade.trade_id, character_id: character.character_id, currency_type: "gold", amount: 5 });
      await insert(client, "market_fees", { listing_id: 1, seller_character_id: character.character_id, currency_type: "gold", amount: 1 });
      await insert(client, "market_mailbox", { character_id: character.character_id, item_id: item.item_id, quantity: 1, reason: "expired" });
      await insert(client, "economy_ledger", { currency_type: "gold", amount: 5, source: "staff_grant", character_id: character.character_id });

      const requestRows = await auditRows(client, "guild_join_requests", "request_id", request.request_id);
      expect(requestRows.map((r) => [r.operation, r.user_id, r.old_data?.status ?? null, r.changed_data.status])).toEqual([
        ["INSERT", actor.player_id, null, "open"],
        ["UPDATE", actor.player_id, "open", "declined"],
      ]);
      for (const table of ["guild_bank_ledger", "guild_activity"]) {
        const rows = await auditRows(client, table, "guild_id", guildId);
        expect(rows.map((r) => [r.operation, r.user_id]), table).toEqual([["INSERT", actor.player_id]]);
      }
      for (const table of ["trade_sessions", "trade_offer_items", "trade_offer_currencies"]) {
        const rows = await auditRows(client, table, "trade_id", trade.trade_id);
        expect(rows.map((r) => [r.operation, r.user_id]), table).toEqual([["INSERT", actor.player_id]]);
      }
      for (const table of ["market_fees", "market_mailbox"]) {
        const rows = await auditRows(client, table, table === "market_fees" ? "seller_character_id" : "character_id", character.character_id);
        expect(rows.map((r) => [r.operation, r.user_id]), table).toEqual([["INSERT", actor.player_id]]);
      }
      const ledger = await auditRows(client, "economy_ledger", "character_id", character.character_id);
      expect(ledger.map((r) => [r.operation, r.user_id, r.changed_data.amount])).toEqual([["INSERT", actor.player_id, 5]]);
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
        game_app_write: appWritePrivileges(row.table),
      }[row.role];
      expect(`${row.table} ${row.role} ${row.privileges}`).toBe(`${row.table} ${row.role} ${expected}`);
    }
    const tables = new Set(result.rows.map((r) => r.table));
    // Created after 0006's grants: their rights come from 0001's default privileges (plus the migrations' explicit grants).
    for (const table of ["player_bans", "market_fees", "guild_join_requests", "search_outbox"]) expect(tables).toContain(table);
    // Every deliberate exception names a table that exists, so a renamed table cannot leave a stale exception behind.
    for (const table of [...appendOnlyForApp, ...deletableByApp]) expect(tables, table).toContain(table);
    const sequences = await pool.query(`
      WITH seq AS MATERIALIZED (
        SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'game_data' AND c.relkind = 'S')
      SELECT relname FROM seq WHERE NOT has_sequence_privilege('game_app_write', oid, 'USAGE')`);
    expect(sequences.rows.map((r) => r.relname), "sequences game_app_write cannot use (BIGSERIAL inserts would fail)").toEqual([]);
    const known = await pool.query("SELECT has_sequence_privilege('game_app_write', 'game_data.players_player_id_seq', 'USAGE') AS ok");
    expect(known.rows[0].ok).toBe(true);
  });

  it("game_app_write can append to but not rewrite the ledgers, and may delete where the migrations grant it", async () => {
    await inRollback(pool, async (client) => {
      const player = await makePlayer(client);
      const character = await makeCharacter(client, player.player_id);
      const guild = await makeGuild(client, character.character_id);
      await insert(client, "guild_members", { guild_id: guild.guild_id, character_id: character.character_id, rank: "leader" });
      await client.query("SET LOCAL ROLE game_app_write");
      await actAs(client, player.player_id as string);
      const entry = await insert(client, "guild_bank_ledger", { guild_id: guild.guild_id, character_id: character.character_id, direction: "deposit", amount: 5, balance_after: 5 });
      await client.query("SAVEPOINT s");
      await expect(client.query("UPDATE game_data.guild_bank_ledger SET amount = 500 WHERE entry_id = $1", [entry.entry_id])).rejects.toMatchObject({ code: "42501" });
      await client.query("ROLLBACK TO SAVEPOINT s");
      const left = await client.query("DELETE FROM game_data.guild_members WHERE character_id = $1", [character.character_id]);
      expect(left.rowCount).toBe(1);
    });
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
