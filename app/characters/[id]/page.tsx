import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { CharacterSheet } from "@/components/characters/character-sheet";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Character" };
export const dynamic = "force-dynamic";

export default async function CharacterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const characterId = Number(id);
  if (!Number.isSafeInteger(characterId) || characterId <= 0) notFound();
  const caller = await serverCaller();
  const sheet = await caller.character.get({ characterId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect(`/sign-in?callbackUrl=/characters/${characterId}`);
    // Someone else's character looks exactly like a missing one.
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { character } = sheet;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/characters" className="text-ocean-700 underline">
          Characters
        </Link>{" "}
        / {character.name}
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">{character.name}</h1>
        <p className="capitalize text-slate-600">
          Level {character.level} {character.characterClass}
        </p>
      </header>
      <CharacterSheet initialSheet={sheet} />
    </div>
  );
}
