import { afterAll, describe, expect, it } from "vitest";
import { sessionCheckOf } from "@/tests/helpers/accounts";
import { createTestEngines } from "@/tests/helpers/engines";
import { expectCode, makeAccount } from "./staff-fixtures";

describe("staff bans", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

  it("a GM bans with a template and details; the player's next session check is refused; history and audit name the GM", async () => {
    const gm = await makeAccount(engines, "game_master");
    const player = await makeAccount(engines);
    expect((await sessionCheckOf(engines, player.playerId)).state).toBe("active");

    const result = await gm.caller.staff.bans.ban({ playerId: player.playerId, template: "botting", details: "14 h of AFK farming", expiresAt: inDays(7) });
    expect(result.bans).toHaveLength(1);

    const check = await sessionCheckOf(engines, player.playerId);
    expect(check.state).toBe("banned");
    if (check.state === "banned") expect(check.ban.reason).toBe("Botting or automation: 14 h of AFK farming");

    const history = await gm.caller.staff.bans.history({ playerId: player.playerId });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ reason: "Botting or automation: 14 h of AFK farming", bannedBy: gm.playerId, bannedByUsername: gm.username, state: "active" });

    const audit = await pool.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM game_data.audit_log WHERE user_id = $1 AND changed_data ->> 'player_id' = $2::text ORDER BY 1`,
      [gm.playerId, player.playerId],
    );
    expect(audit.rows.map((r) => r.table_name)).toEqual(["player_bans", "players"]);
  });

  it("unban lifts the ban with who and why; the history keeps both", async () => {
    const gm = await makeAccount(engines, "game_master");
    const admin = await makeAccount(engines, "admin");
    const player = await makeAccount(engines);
    await gm.caller.staff.bans.ban({ playerId: player.playerId, template: "harassment", expiresAt: null });
    expect((await sessionCheckOf(engines, player.playerId)).state).toBe("banned");

    await admin.caller.staff.bans.unban({ playerId: player.playerId, reason: "Appeal accepted" });
    expect((await sessionCheckOf(engines, player.playerId)).state).toBe("active");
    const [ban] = await gm.caller.staff.bans.history({ playerId: player.playerId });
    expect(ban).toMatchObject({ state: "lifted", bannedByUsername: gm.username, liftedByUsername: admin.username, liftReason: "Appeal accepted", expiresAt: null });
    expect(ban!.liftedAt).toBeInstanceOf(Date);

    await expectCode(gm.caller.staff.bans.unban({ playerId: player.playerId, reason: "again" }), "CONFLICT", /not banned/);
  });

  it("a new ban supersedes the one in force, and the old row says so", async () => {
    const gm = await makeAccount(engines, "game_master");
    const player = await makeAccount(engines);
    const first = await gm.caller.staff.bans.ban({ playerId: player.playerId, template: "cheating", expiresAt: inDays(1) });
    const second = await gm.caller.staff.bans.ban({ playerId: player.playerId, template: "cheating", details: "repeat offence", expiresAt: inDays(30) });
    expect(second.superseded).toBe(1);
    const history = await gm.caller.staff.bans.history({ playerId: player.playerId });
    expect(history.map((b) => [b.banId, b.state])).toEqual([
      [second.bans[0]!.banId, "active"],
      [first.bans[0]!.banId, "lifted"],
    ]);
    expect(history[1]!.liftReason).toBe(`Superseded by ban #${second.bans[0]!.banId}`);
    const { rows } = await pool.query("SELECT ban_expires_at FROM game_data.players WHERE player_id = $1", [player.playerId]);
    expect(Math.abs(rows[0].ban_expires_at.getTime() - inDays(30).getTime())).toBeLessThan(60_000);
  });

  it("bulk ban: ids, usernames and emails, all or nothing", async () => {
    const gm = await makeAccount(engines, "game_master");
    const [a, b, c] = await Promise.all([makeAccount(engines), makeAccount(engines), makeAccount(engines)]);

    await expectCode(
      gm.caller.staff.bans.bulkBan({ players: [String(a.playerId), b.username, "no-such-player-zz"], template: "rmt", expiresAt: null }),
      "NOT_FOUND",
      /no-such-player-zz.*Nobody was banned/,
    );
    expect((await sessionCheckOf(engines, a.playerId)).state).toBe("active");

    const result = await gm.caller.staff.bans.bulkBan({ players: [String(a.playerId), b.username.toUpperCase(), c.email], template: "rmt", details: "gold seller ring", expiresAt: null });
    expect(result.bans.map((ban) => ban.playerId).sort()).toEqual([a.playerId, b.playerId, c.playerId].sort());
    for (const account of [a, b, c]) expect((await sessionCheckOf(engines, account.playerId)).state).toBe("banned");
  });

  it("refuses bad input with clear messages and changes nothing", async () => {
    const gm = await makeAccount(engines, "game_master");
    const player = await makeAccount(engines);
    await expectCode(gm.caller.staff.bans.ban({ playerId: player.playerId, expiresAt: inDays(1) }), "BAD_REQUEST", /needs a reason/);
    await expectCode(gm.caller.staff.bans.ban({ playerId: player.playerId, template: "other", details: "   ", expiresAt: inDays(1) }), "BAD_REQUEST", /Other.*details/);
    await expectCode(gm.caller.staff.bans.ban({ playerId: player.playerId, template: "cheating", expiresAt: new Date(Date.now() - 60_000) }), "BAD_REQUEST", /future/);
    await expectCode(gm.caller.staff.bans.unban({ playerId: player.playerId, reason: "" }), "BAD_REQUEST", /why/);
    await expectCode(gm.caller.staff.bans.ban({ playerId: gm.playerId, template: "cheating", expiresAt: null }), "BAD_REQUEST", /your own account/);
    const bans = await pool.query("SELECT 1 FROM game_data.player_bans WHERE player_id = ANY($1::bigint[])", [[player.playerId, gm.playerId]]);
    expect(bans.rowCount).toBe(0);
  });

  it("only an admin may ban a staff account", async () => {
    const gm = await makeAccount(engines, "game_master");
    const admin = await makeAccount(engines, "admin");
    const analyst = await makeAccount(engines, "analyst");
    await expectCode(gm.caller.staff.bans.ban({ playerId: analyst.playerId, template: "other", details: "leaked data", expiresAt: null }), "FORBIDDEN", /only an admin/);
    await admin.caller.staff.bans.ban({ playerId: analyst.playerId, template: "other", details: "leaked data", expiresAt: null });
    expect((await sessionCheckOf(engines, analyst.playerId)).state).toBe("banned");
  });
});
