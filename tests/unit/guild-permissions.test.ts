import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignableRanks,
  canChangeRank,
  canEditPermissions,
  canKick,
  canLeave,
  canManageRequests,
  canReadLedger,
  canTransferLeadership,
  canWithdraw,
  compareRanks,
  editablePermissions,
  effectivePermissions,
  guildRanks,
  noPermissions,
  type GuildPermissions,
  type GuildRank,
  type MemberStanding,
} from "@/server/guild/permissions.rules";
import { parseGuildPermissions } from "@/server/guild/guild.schema";

let nextId = 1;
function member(rank: GuildRank, permissions: Partial<GuildPermissions> = {}): MemberStanding {
  return { characterId: nextId++, rank, permissions: { ...noPermissions, ...permissions } };
}

const rankArb = fc.constantFrom(...guildRanks);
const flagsArb = fc.record({ invite: fc.boolean(), kick: fc.boolean(), bank: fc.boolean() });

describe("rank ladder", () => {
  it("orders leader > officer > veteran > member > recruit", () => {
    for (let i = 0; i + 1 < guildRanks.length; i++) expect(compareRanks(guildRanks[i]!, guildRanks[i + 1]!)).toBeGreaterThan(0);
    expect(compareRanks("member", "member")).toBe(0);
  });
});

describe("effective permissions", () => {
  it("the leader has all, officers always invite, others exactly their flags", () => {
    expect(effectivePermissions("leader", noPermissions)).toEqual({ invite: true, kick: true, bank: true });
    expect(effectivePermissions("officer", noPermissions)).toEqual({ invite: true, kick: false, bank: false });
    expect(effectivePermissions("officer", { invite: false, kick: true, bank: true })).toEqual({ invite: true, kick: true, bank: true });
    expect(effectivePermissions("veteran", { invite: true, kick: false, bank: true })).toEqual({ invite: true, kick: false, bank: true });
    expect(effectivePermissions("recruit", noPermissions)).toEqual(noPermissions);
  });

  it("reads the JSON column defensively", () => {
    expect(parseGuildPermissions(null)).toEqual(noPermissions);
    expect(parseGuildPermissions({ invite: "true", kick: true, bank: 1 })).toEqual({ invite: false, kick: true, bank: false });
  });

  it("request handling, withdrawals and the ledger follow the effective permissions", () => {
    expect(canManageRequests(member("officer")).ok).toBe(true);
    expect(canManageRequests(member("member")).ok).toBe(false);
    expect(canManageRequests(member("member", { invite: true })).ok).toBe(true);
    expect(canWithdraw(member("leader")).ok).toBe(true);
    expect(canWithdraw(member("officer")).ok).toBe(false);
    expect(canWithdraw(member("recruit", { bank: true })).ok).toBe(true);
    expect(canReadLedger(member("officer"))).toBe(true);
    expect(canReadLedger(member("veteran"))).toBe(false);
    expect(canReadLedger(member("veteran", { bank: true }))).toBe(true);
  });
});

describe("leaving and kicking", () => {
  it("the leader cannot leave; anyone else can", () => {
    expect(canLeave(member("leader"))).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
    for (const rank of guildRanks.filter((r) => r !== "leader")) expect(canLeave(member(rank)).ok).toBe(true);
  });

  it("kicking needs the kick permission and a target strictly below the actor", () => {
    expect(canKick(member("leader"), member("officer")).ok).toBe(true);
    expect(canKick(member("officer"), member("member"))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canKick(member("officer", { kick: true }), member("member")).ok).toBe(true);
    expect(canKick(member("officer", { kick: true }), member("officer"))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canKick(member("veteran", { kick: true }), member("leader")).ok).toBe(false);
    const self = member("leader");
    expect(canKick(self, self)).toMatchObject({ ok: false, code: "BAD_INPUT" });
  });

  it("nobody can ever kick the leader (property)", () => {
    fc.assert(
      fc.property(rankArb, flagsArb, (rank, flags) => {
        expect(canKick(member(rank, flags), member("leader")).ok).toBe(false);
      }),
    );
  });
});

describe("rank changes", () => {
  it("officers promote and demote below officer; the leader up to officer", () => {
    const leader = member("leader");
    const officer = member("officer");
    expect(canChangeRank(leader, member("recruit"), "officer").ok).toBe(true);
    expect(canChangeRank(officer, member("recruit"), "veteran").ok).toBe(true);
    expect(canChangeRank(officer, member("recruit"), "officer")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canChangeRank(officer, member("officer"), "member")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canChangeRank(leader, member("member"), "leader")).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(canChangeRank(leader, member("member"), "member")).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(canChangeRank(member("veteran"), member("recruit"), "member")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canChangeRank(leader, leader, "officer")).toMatchObject({ ok: false, code: "BAD_INPUT" });
  });

  it("an allowed change never involves a rank at or above the actor's (property)", () => {
    fc.assert(
      fc.property(rankArb, rankArb, rankArb, (actorRank, targetRank, newRank) => {
        const decision = canChangeRank(member(actorRank), member(targetRank), newRank);
        if (decision.ok) {
          expect(compareRanks(actorRank, targetRank)).toBeGreaterThan(0);
          expect(compareRanks(actorRank, newRank)).toBeGreaterThan(0);
          expect(newRank).not.toBe("leader");
        }
      }),
    );
  });

  it("assignable ranks are those strictly below the actor, for managers only", () => {
    expect(assignableRanks(member("leader"))).toEqual(["officer", "veteran", "member", "recruit"]);
    expect(assignableRanks(member("officer"))).toEqual(["veteran", "member", "recruit"]);
    expect(assignableRanks(member("veteran"))).toEqual([]);
  });
});

describe("permission edits", () => {
  it("managers edit members below them, only flags they hold", () => {
    const officer = member("officer", { kick: true });
    const target = member("member");
    expect(canEditPermissions(officer, target, { invite: true, kick: true, bank: false }).ok).toBe(true);
    expect(canEditPermissions(officer, target, { invite: false, kick: false, bank: true })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canEditPermissions(member("leader"), target, { invite: true, kick: true, bank: true }).ok).toBe(true);
    expect(canEditPermissions(member("veteran", { invite: true }), target, { invite: true, kick: false, bank: false }).ok).toBe(false);
    expect(canEditPermissions(officer, member("officer"), { invite: true, kick: false, bank: false }).ok).toBe(false);
    expect(canEditPermissions(officer, target, target.permissions)).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(editablePermissions(officer, target)).toEqual(["invite", "kick"]);
    expect(editablePermissions(officer, member("leader"))).toEqual([]);
  });

  it("no edit ever hands out a flag the actor lacks (property)", () => {
    fc.assert(
      fc.property(rankArb, flagsArb, rankArb, flagsArb, flagsArb, (actorRank, actorFlags, targetRank, targetFlags, next) => {
        const actor = member(actorRank, actorFlags);
        const decision = canEditPermissions(actor, member(targetRank, targetFlags), next);
        if (decision.ok) {
          const held = effectivePermissions(actorRank, actorFlags);
          for (const name of ["invite", "kick", "bank"] as const) if (next[name] !== targetFlags[name]) expect(held[name]).toBe(true);
        }
      }),
    );
  });
});

describe("leadership transfer", () => {
  it("only the leader, to someone else", () => {
    const leader = member("leader");
    expect(canTransferLeadership(leader, member("recruit")).ok).toBe(true);
    expect(canTransferLeadership(member("officer"), member("recruit"))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(canTransferLeadership(leader, leader)).toMatchObject({ ok: false, code: "BAD_INPUT" });
  });
});
