import "server-only";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc";
import {
  applyInput,
  bankMoveInput,
  changeRankInput,
  createGuildInput,
  directoryInput,
  guildAsCharacterInput,
  guildIdInput,
  inviteInput,
  leaderboardInput,
  ledgerInput,
  memberTargetInput,
  requestDecisionInput,
  setPermissionsInput,
  updateGuildSettingsInput,
} from "@/server/guild/guild.schema";
import { createGuild, getGuild, guildDirectory, guildRanking, memberView, myGuildContext, updateSettings } from "@/server/guild/guild.service";
import { acceptRequest, applyToGuild, declineRequest, inviteToGuild, kickMember, leaveGuild } from "@/server/guild/membership.service";
import { changeRank, setMemberPermissions, transferLeadership } from "@/server/guild/ranks.service";
import { depositGold, guildLedger, withdrawGold } from "@/server/guild/bank.service";

/** Guilds: every mutation acts as one of the signed-in player's characters (input.characterId). */
export const guildRouter = createTRPCRouter({
  directory: publicProcedure.input(directoryInput).query(({ ctx, input }) => guildDirectory(ctx.engines, input)),
  leaderboard: publicProcedure.input(leaderboardInput).query(({ ctx, input }) => guildRanking(ctx.engines, input)),
  get: publicProcedure.input(guildIdInput).query(({ ctx, input }) => getGuild(ctx.engines, input)),
  mine: protectedProcedure.query(({ ctx }) => myGuildContext(ctx.engines, ctx.actor)),
  memberView: protectedProcedure.input(guildAsCharacterInput).query(({ ctx, input }) => memberView(ctx.engines, ctx.actor, input)),
  ledger: protectedProcedure.input(ledgerInput).query(({ ctx, input }) => guildLedger(ctx.engines, ctx.actor, input)),

  create: protectedProcedure.input(createGuildInput).mutation(({ ctx, input }) => createGuild(ctx.engines, ctx.actor, input)),
  updateSettings: protectedProcedure.input(updateGuildSettingsInput).mutation(({ ctx, input }) => updateSettings(ctx.engines, ctx.actor, input)),

  applyToJoin: protectedProcedure.input(applyInput).mutation(({ ctx, input }) => applyToGuild(ctx.engines, ctx.actor, input)),
  invite: protectedProcedure.input(inviteInput).mutation(({ ctx, input }) => inviteToGuild(ctx.engines, ctx.actor, input)),
  acceptRequest: protectedProcedure.input(requestDecisionInput).mutation(({ ctx, input }) => acceptRequest(ctx.engines, ctx.actor, input)),
  declineRequest: protectedProcedure.input(requestDecisionInput).mutation(({ ctx, input }) => declineRequest(ctx.engines, ctx.actor, input)),
  leave: protectedProcedure.input(guildAsCharacterInput).mutation(({ ctx, input }) => leaveGuild(ctx.engines, ctx.actor, input)),
  kick: protectedProcedure.input(memberTargetInput).mutation(({ ctx, input }) => kickMember(ctx.engines, ctx.actor, input)),

  changeRank: protectedProcedure.input(changeRankInput).mutation(({ ctx, input }) => changeRank(ctx.engines, ctx.actor, input)),
  setPermissions: protectedProcedure.input(setPermissionsInput).mutation(({ ctx, input }) => setMemberPermissions(ctx.engines, ctx.actor, input)),
  transferLeadership: protectedProcedure.input(memberTargetInput).mutation(({ ctx, input }) => transferLeadership(ctx.engines, ctx.actor, input)),

  deposit: protectedProcedure.input(bankMoveInput).mutation(({ ctx, input }) => depositGold(ctx.engines, ctx.actor, input)),
  withdraw: protectedProcedure.input(bankMoveInput).mutation(({ ctx, input }) => withdrawGold(ctx.engines, ctx.actor, input)),
});
