/**
 * The role matrix: every staff procedure × {no session, player, analyst, game master, admin}.
 * Reads are open to analysts and above; changes to game masters and above. "Allowed" means the tier let the call
 * through: it either succeeds or fails for a reason of its own (NOT_FOUND, CONFLICT…), never FORBIDDEN/UNAUTHORIZED.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createCaller } from "@/server/app.router";
import { createTestEngines } from "@/tests/helpers/engines";
import { anonymousCaller, codeOf, makeAccount, type TestAccount } from "./staff-fixtures";

type Caller = ReturnType<typeof createCaller>;
type Tier = "analyst" | "game_master";

const missingId = 9_000_000_000_000;
const future = () => new Date(Date.now() + 86_400_000);

const procedures: { name: string; tier: Tier; call: (caller: Caller, victim: number) => Promise<unknown> }[] = [
  { name: "players.search", tier: "analyst", call: (c) => c.staff.players.search({ query: "nobody-matches-this" }) },
  { name: "players.get", tier: "analyst", call: (c, victim) => c.staff.players.get({ playerId: victim }) },
  { name: "bans.history", tier: "analyst", call: (c, victim) => c.staff.bans.history({ playerId: victim }) },
  { name: "bans.ban", tier: "game_master", call: (c) => c.staff.bans.ban({ playerId: missingId, template: "botting", expiresAt: future() }) },
  { name: "bans.bulkBan", tier: "game_master", call: (c) => c.staff.bans.bulkBan({ players: ["no-such-player-x1"], template: "botting", expiresAt: null }) },
  { name: "bans.unban", tier: "game_master", call: (c) => c.staff.bans.unban({ playerId: missingId, reason: "appeal accepted" }) },
  { name: "transactions.list", tier: "analyst", call: (c) => c.staff.transactions.list({ filter: { type: "purchase" }, limit: 1 }) },
  { name: "transactions.get", tier: "analyst", call: (c) => c.staff.transactions.get({ transactionId: missingId }) },
  { name: "transactions.cancel", tier: "game_master", call: (c) => c.staff.transactions.cancel({ transactionId: missingId, reason: "duplicate request" }) },
  { name: "transactions.reverse", tier: "game_master", call: (c) => c.staff.transactions.reverse({ transactionId: missingId, reason: "scam reported" }) },
  { name: "audit.list", tier: "analyst", call: (c) => c.staff.audit.list({ filter: { table: "players" }, limit: 1 }) },
  { name: "audit.tables", tier: "analyst", call: (c) => c.staff.audit.tables() },
  { name: "events.list", tier: "analyst", call: (c) => c.staff.events.list({ limit: 1 }) },
  { name: "events.tail", tier: "analyst", call: (c) => c.staff.events.tail({ afterId: null }) },
  { name: "events.hourly", tier: "analyst", call: (c) => c.staff.events.hourly({ hours: 2 }) },
  { name: "economy.dashboard", tier: "analyst", call: (c) => c.staff.economy.dashboard({ days: 2 }) },
];

const roles = ["none", "player", "analyst", "game_master", "admin"] as const;
type Role = (typeof roles)[number];

function expected(role: Role, tier: Tier): "allowed" | "UNAUTHORIZED" | "FORBIDDEN" {
  if (role === "none") return "UNAUTHORIZED";
  if (role === "player") return "FORBIDDEN";
  if (tier === "game_master" && role === "analyst") return "FORBIDDEN";
  return "allowed";
}

describe("staff role matrix", () => {
  const engines = createTestEngines();
  const callers = {} as Record<Role, Caller>;
  let victim: TestAccount;

  beforeAll(async () => {
    victim = await makeAccount(engines);
    callers.none = anonymousCaller(engines);
    callers.player = (await makeAccount(engines)).caller;
    callers.analyst = (await makeAccount(engines, "analyst")).caller;
    callers.game_master = (await makeAccount(engines, "game_master")).caller;
    callers.admin = (await makeAccount(engines, "admin")).caller;
  });
  afterAll(() => engines.close());

  it("lists every procedure of the staff router", async () => {
    const { staffRouter } = await import("@/server/staff/staff.router");
    const names = Object.keys(staffRouter._def.procedures).sort();
    expect(procedures.map((p) => p.name).sort()).toEqual(names);
  });

  const cases = procedures.flatMap((procedure) => roles.map((role) => [procedure.name, role, expected(role, procedure.tier), procedure] as const));
  it.each(cases)("%s as %s → %s", async (_name, role, outcome, procedure) => {
    const code = await codeOf(procedure.call(callers[role], victim.playerId));
    if (outcome === "allowed") expect(["UNAUTHORIZED", "FORBIDDEN", "INTERNAL_SERVER_ERROR"]).not.toContain(code);
    else expect(code).toBe(outcome);
  });

  it("a refused change leaves nothing behind", async () => {
    const analyst = callers.analyst;
    const code = await codeOf(analyst.staff.bans.ban({ playerId: victim.playerId, template: "cheating", expiresAt: null }));
    expect(code).toBe("FORBIDDEN");
    const { rows } = await engines.postgres.pool.query("SELECT is_banned FROM game_data.players WHERE player_id = $1", [victim.playerId]);
    expect(rows[0].is_banned).toBe(false);
    const bans = await engines.postgres.pool.query("SELECT 1 FROM game_data.player_bans WHERE player_id = $1", [victim.playerId]);
    expect(bans.rowCount).toBe(0);
  });
});
