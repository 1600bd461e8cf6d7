import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { CharacterList } from "@/components/characters/character-list";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Characters" };
export const dynamic = "force-dynamic";

export default async function CharactersPage() {
  const caller = await serverCaller();
  const characters = await caller.character.list().catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect("/sign-in?callbackUrl=/characters");
    throw error;
  });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Characters</h1>
      <CharacterList initialCharacters={characters} />
    </div>
  );
}
