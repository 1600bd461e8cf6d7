import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { GuildView } from "@/components/guild/guild-view";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Guild" };
export const dynamic = "force-dynamic";

export default async function GuildPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const guildId = Number(id);
  if (!Number.isSafeInteger(guildId) || guildId <= 0) notFound();
  const caller = await serverCaller();
  const [page, me] = await Promise.all([
    caller.guild.get({ guildId }).catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
    caller.account.me(),
  ]);
  const mine = me ? await caller.guild.mine() : null;
  return <GuildView guildId={guildId} initialPage={page} initialMine={mine} />;
}
