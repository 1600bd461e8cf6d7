import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  characterGold,
  creditCharacterGold,
  creditGuildBank,
  debitCharacterGold,
  debitGuildBank,
  insertLedgerEntry,
} from "@/server/guild/bank.pg";
import { ledgerPage, type LedgerEntryDto } from "@/server/guild/guild.pg";
import { recordActivity } from "@/server/guild/membership.pg";
import { enforce, lockGuildActing, memberStandingForRead, standings } from "@/server/guild/acting-member.service";
import { canReadLedger, canWithdraw } from "@/server/guild/permissions.rules";

/**
 * The guild bank. Each move is one transaction: lock the guild, check membership and permission, move the gold with
 * conditional UPDATEs (never below zero), append the ledger entry and the activity row.
 */

type BankMove = { characterId: number; guildId: number; amount: number };
export interface BankMoveResult {
  bankGold: number;
  characterGold: number;
  entryId: number;
}

export async function depositGold(engines: Engines, actor: Actor, input: BankMove): Promise<BankMoveResult> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    await standings(client, guild.guildId, me.characterId);
    const remaining = await debitCharacterGold(client, me.characterId, input.amount);
    if (remaining === null) {
      const has = await characterGold(client, me.characterId);
      throw new AppError("PRECONDITION_FAILED", `${me.name} has only ${has.toLocaleString("en-US")} gold.`, { fieldErrors: { amount: ["More than this character has."] } });
    }
    const bankGold = await creditGuildBank(client, guild.guildId, input.amount);
    const entryId = await insertLedgerEntry(client, { guildId: guild.guildId, characterId: me.characterId, direction: "deposit", amount: input.amount, balanceAfter: bankGold });
    await recordActivity(client, { guildId: guild.guildId, actorCharacterId: me.characterId, kind: "deposit", details: { amount: input.amount, entryId } });
    return { bankGold, characterGold: remaining, entryId };
  });
}

export async function withdrawGold(engines: Engines, actor: Actor, input: BankMove): Promise<BankMoveResult> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing } = await standings(client, guild.guildId, me.characterId);
    enforce(canWithdraw(standing));
    const bankGold = await debitGuildBank(client, guild.guildId, input.amount);
    if (bankGold === null) {
      throw new AppError("PRECONDITION_FAILED", `The guild bank holds only ${guild.bankGold.toLocaleString("en-US")} gold.`, {
        fieldErrors: { amount: ["More than the bank holds."] },
      });
    }
    const gold = await creditCharacterGold(client, me.characterId, input.amount);
    const entryId = await insertLedgerEntry(client, { guildId: guild.guildId, characterId: me.characterId, direction: "withdraw", amount: input.amount, balanceAfter: bankGold });
    await recordActivity(client, { guildId: guild.guildId, actorCharacterId: me.characterId, kind: "withdraw", details: { amount: input.amount, entryId } });
    return { bankGold, characterGold: gold, entryId };
  });
}

/** The ledger, newest first: for the leader, officers and members with the bank permission. */
export async function guildLedger(
  engines: Engines,
  actor: Actor,
  input: { characterId: number; guildId: number; cursor?: number; limit: number },
): Promise<{ entries: LedgerEntryDto[]; nextCursor: number | null }> {
  const pool = engines.postgres.pool;
  const { member } = await memberStandingForRead(pool, actor, input.guildId, input.characterId);
  if (!canReadLedger(member)) throw new AppError("FORBIDDEN", "Only the leader, officers and members with the bank permission can read the ledger.");
  const entries = await ledgerPage(pool, input.guildId, input.cursor, input.limit);
  return { entries, nextCursor: entries.length === input.limit ? entries.at(-1)!.entryId : null };
}
