import { afterAll, describe, expect, it } from "vitest";
import { createInnerContext } from "@/server/context";
import { auditExportResponse } from "@/server/staff/audit-export.service";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { expectCode, makeAccount } from "./staff-fixtures";

describe("staff audit-log browser and CSV export", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  /** A GM bans and unbans a player: one INSERT and one UPDATE on player_bans, two UPDATEs on players, all by the GM. */
  async function someHistory() {
    const gm = await makeAccount(engines, "game_master");
    const player = await makeAccount(engines);
    const marker = unique("why");
    await gm.caller.staff.bans.ban({ playerId: player.playerId, template: "other", details: marker, expiresAt: null });
    await gm.caller.staff.bans.unban({ playerId: player.playerId, reason: `lifted ${marker}` });
    return { gm, player, marker };
  }

  it("filters by table, operation, actor, time and text; UPDATE rows carry before and after", async () => {
    const { gm, player, marker } = await someHistory();
    const analyst = await makeAccount(engines, "analyst");
    const list = (filter: object) => analyst.caller.staff.audit.list({ filter, limit: 50 });

    const byActor = await list({ actor: gm.username });
    expect(byActor.rows.map((r) => `${r.tableName}:${r.operation}`).sort()).toEqual(["player_bans:INSERT", "player_bans:UPDATE", "players:UPDATE", "players:UPDATE"]);
    expect(byActor.rows.every((r) => r.userId === gm.playerId && r.actorUsername === gm.username)).toBe(true);

    const updates = await list({ actor: String(gm.playerId), table: "players", operation: "UPDATE" });
    expect(updates.rows).toHaveLength(2);
    const unban = updates.rows[0]!; // newest first
    expect(unban.oldData).toMatchObject({ player_id: player.playerId, is_banned: true, ban_reason: marker });
    expect(unban.changedData).toMatchObject({ player_id: player.playerId, is_banned: false, ban_reason: null });
    expect(unban.changedData!.password_hash).toBe("[redacted]");

    const byText = await list({ text: marker });
    expect(byText.rows.map((r) => r.tableName).sort()).toEqual(["player_bans", "player_bans", "players"]);
    expect((await list({ text: marker, from: new Date(Date.now() + 60_000) })).rows).toEqual([]);
    expect((await list({ text: marker, to: new Date(Date.now() - 3_600_000) })).rows).toEqual([]);

    await expectCode(list({ actor: `nobody-${unique()}` }), "BAD_REQUEST", /No account named/);
    await expectCode(list({ text: "ab" }), "BAD_REQUEST", /at least 3/);
    await expectCode(list({ text: "-- ::" }), "BAD_REQUEST", /words or numbers/);
    expect(await analyst.caller.staff.audit.tables()).toEqual(expect.arrayContaining(["players", "player_bans", "transactions"]));
  });

  it("matches the text as words of the changed values: every word required, the last one as typed, never the middle of a word", async () => {
    const { player, marker } = await someHistory();
    const analyst = await makeAccount(engines, "analyst");
    const tables = async (text: string) => (await analyst.caller.staff.audit.list({ filter: { text }, limit: 50 })).rows.map((r) => `${r.tableName}:${r.operation}`).sort();
    // As typed: the start of the word finds the ban, the lift and the player's row.
    expect(await tables(marker.slice(0, -2))).toEqual(["player_bans:INSERT", "player_bans:UPDATE", "players:UPDATE"]);
    // Every word must match: only the lift carries "lifted <marker>".
    expect(await tables(`Lifted ${marker}`)).toEqual(["player_bans:UPDATE"]);
    // Numbers are words too: the player's id finds rows about them (the username's row is under the ban's UPDATEs).
    expect(await tables(`${marker} ${player.playerId}`)).toEqual(["player_bans:INSERT", "player_bans:UPDATE", "players:UPDATE"]);
    // The middle of a word is not a word start (the trigram index this replaced matched any substring).
    expect(await tables(marker.slice(3))).toEqual([]);
  });

  it("keyset pages cover the set exactly once, newest first, even with equal timestamps", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const actor = await makeAccount(engines);
    // Ten audit rows in one transaction: identical change_timestamp (now() is the transaction's start), so only audit_id orders them.
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.current_user_id', $1, true)", [String(actor.playerId)]);
      for (let i = 0; i < 10; i++) await client.query("UPDATE game_data.players SET total_playtime_seconds = $2 WHERE player_id = $1", [actor.playerId, i]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const seen: number[] = [];
    let cursor = null;
    for (let page = 0; page < 10; page++) {
      const result: Awaited<ReturnType<typeof analyst.caller.staff.audit.list>> = await analyst.caller.staff.audit.list({ filter: { actor: String(actor.playerId) }, cursor, limit: 3 });
      seen.push(...result.rows.map((r) => r.auditId));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(10);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it("streams the filtered set as CSV to analysts; refuses players and visitors", async () => {
    const { gm, marker } = await someHistory();
    const analyst = await makeAccount(engines, "analyst");
    const player = await makeAccount(engines);
    const params = new URLSearchParams({ actor: gm.username, text: marker });

    const response = await auditExportResponse(createInnerContext({ engines, session: analyst.session }), params);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const csv = await response.text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("audit_id,change_timestamp,table_name,operation,user_id,actor_username,ip_address,changed_data,old_data");
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((line) => line.includes(`,${gm.playerId},${gm.username},`))).toBe(true);
    expect(csv).toContain(`""reason"":""${marker}""`);

    expect((await auditExportResponse(createInnerContext({ engines, session: player.session }), params)).status).toBe(403);
    expect((await auditExportResponse(createInnerContext({ engines, session: null }), params)).status).toBe(401);
    expect((await auditExportResponse(createInnerContext({ engines, session: analyst.session }), new URLSearchParams({ operation: "TRUNCATE" }))).status).toBe(400);
  });

  it("export pages through more rows than one batch", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const actor = await makeAccount(engines);
    await pool.query(
      `INSERT INTO game_data.audit_log (table_name, operation, user_id, changed_data, change_timestamp)
       SELECT 'players', 'UPDATE', $1, jsonb_build_object('n', n), now() - n * interval '1 millisecond' FROM generate_series(1, 2500) AS n`,
      [actor.playerId],
    );
    const csv = await (await auditExportResponse(createInnerContext({ engines, session: analyst.session }), new URLSearchParams({ actor: String(actor.playerId) }))).text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2501);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[0])).size).toBe(2500);
  });

  it("has the indexes the browser and the look-up rely on (migrations 0050-0052, 0090)", async () => {
    const { rows } = await pool.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'game_data' AND indexname = ANY($1::text[])",
      [["idx_audit_log_time_id", "idx_audit_log_table_op_time", "idx_audit_log_changed_words", "idx_audit_log_changed_trgm", "idx_audit_log_subject_player", "idx_players_username_trgm", "idx_players_email_trgm", "idx_characters_name_trgm", "idx_players_email_lower", "idx_characters_name_lower", "unique_transaction_reversal"]],
    );
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.idx_audit_log_time_id).toMatch(/\(change_timestamp DESC, audit_id DESC\)/);
    expect(defs.idx_audit_log_changed_words).toMatch(/USING gin \(jsonb_to_tsvector\('simple'::regconfig, changed_data, '\["string", "numeric"\]'::jsonb\)\)/);
    // 0090 replaced the trigram index over the whole JSON text: every audited write paid for it (docs/staff.md).
    expect(defs.idx_audit_log_changed_trgm).toBeUndefined();
    expect(defs.unique_transaction_reversal).toMatch(/UNIQUE INDEX .* WHERE \(metadata \? 'reverses'::text\)/);
    expect(Object.keys(defs)).toHaveLength(10);
  });
});
