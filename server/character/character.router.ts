import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { characterRefInput, createCharacterInput, deleteCharacterInput } from "@/server/character/character.schema";
import { createCharacter, deleteCharacter, listCharacters, loadCharacterSheet } from "@/server/character/character.service";

export const characterRouter = createTRPCRouter({
  /** The signed-in player's characters that are not deleted. */
  list: protectedProcedure.query(({ ctx }) => listCharacters(ctx.engines, ctx.session.playerId)),
  /** Header (stats, position, currencies), bag and equipment of one owned character. */
  get: protectedProcedure.input(characterRefInput).query(({ ctx, input }) => loadCharacterSheet(ctx.engines, ctx.session.playerId, input.characterId)),
  create: protectedProcedure.input(createCharacterInput).mutation(({ ctx, input }) => createCharacter(ctx.engines, ctx.actor, ctx.session.playerId, input)),
  delete: protectedProcedure.input(deleteCharacterInput).mutation(({ ctx, input }) => deleteCharacter(ctx.engines, ctx.actor, ctx.session.playerId, input)),
});
