import "server-only";
import { analystProcedure, createTRPCRouter, gameMasterProcedure } from "@/server/trpc";
import { auditListInput } from "@/server/staff/audit.schema";
import { banHistoryInput, banInput, bulkBanInput, unbanInput } from "@/server/staff/ban.schema";
import { economyDashboardInput } from "@/server/staff/economy.schema";
import { gameEventHourlyInput, gameEventListInput, gameEventTailInput } from "@/server/staff/game-event.schema";
import { playerLookupInput, playerRefInput } from "@/server/staff/staff.schema";
import { transactionActionInput, transactionListInput, transactionRefInput } from "@/server/staff/transaction-review.schema";
import { listAuditedTables, listAuditLog } from "@/server/staff/audit-log.service";
import { banPlayer, bulkBanPlayers, playerBanHistory, unbanPlayer } from "@/server/staff/ban.service";
import { economyDashboard } from "@/server/staff/economy-dashboard.service";
import { browseGameEvents, hourlyEvents, tailEvents } from "@/server/staff/game-event.service";
import { findPlayers, staffPlayerPage } from "@/server/staff/players.service";
import { cancelTransaction, getTransaction, listTransactions, reverseTransaction } from "@/server/staff/transaction-review.service";

/**
 * The staff area. Reads use analystProcedure (analysts, game masters, admins); anything that changes data uses
 * gameMasterProcedure. Every change takes a reason and runs through withActorSql, so the audit log names the actor.
 */
export const staffRouter = createTRPCRouter({
  players: createTRPCRouter({
    search: analystProcedure.input(playerLookupInput).query(({ ctx, input }) => findPlayers(ctx.engines, input)),
    get: analystProcedure.input(playerRefInput).query(({ ctx, input }) => staffPlayerPage(ctx.engines, input.playerId)),
  }),
  bans: createTRPCRouter({
    history: analystProcedure.input(banHistoryInput).query(({ ctx, input }) => playerBanHistory(ctx.engines, input.playerId)),
    ban: gameMasterProcedure.input(banInput).mutation(({ ctx, input }) => banPlayer(ctx.engines, ctx.session, ctx.actor, input)),
    bulkBan: gameMasterProcedure.input(bulkBanInput).mutation(({ ctx, input }) => bulkBanPlayers(ctx.engines, ctx.session, ctx.actor, input)),
    unban: gameMasterProcedure.input(unbanInput).mutation(({ ctx, input }) => unbanPlayer(ctx.engines, ctx.session, ctx.actor, input)),
  }),
  transactions: createTRPCRouter({
    list: analystProcedure.input(transactionListInput).query(({ ctx, input }) => listTransactions(ctx.engines, input)),
    get: analystProcedure.input(transactionRefInput).query(({ ctx, input }) => getTransaction(ctx.engines, input.transactionId)),
    cancel: gameMasterProcedure.input(transactionActionInput).mutation(({ ctx, input }) => cancelTransaction(ctx.engines, ctx.session, ctx.actor, input)),
    reverse: gameMasterProcedure.input(transactionActionInput).mutation(({ ctx, input }) => reverseTransaction(ctx.engines, ctx.session, ctx.actor, input)),
  }),
  audit: createTRPCRouter({
    list: analystProcedure.input(auditListInput).query(({ ctx, input }) => listAuditLog(ctx.engines, input)),
    tables: analystProcedure.query(({ ctx }) => listAuditedTables(ctx.engines)),
  }),
  events: createTRPCRouter({
    list: analystProcedure.input(gameEventListInput).query(({ ctx, input }) => browseGameEvents(ctx.engines, input)),
    tail: analystProcedure.input(gameEventTailInput).query(({ ctx, input }) => tailEvents(ctx.engines, input)),
    hourly: analystProcedure.input(gameEventHourlyInput).query(({ ctx, input }) => hourlyEvents(ctx.engines, input)),
  }),
  economy: createTRPCRouter({
    dashboard: analystProcedure.input(economyDashboardInput).query(({ ctx, input }) => economyDashboard(ctx.engines, input)),
  }),
});
