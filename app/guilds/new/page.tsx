import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateGuildForm } from "@/components/guild/create-guild-form";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Found a guild" };
export const dynamic = "force-dynamic";

export default async function NewGuildPage() {
  const caller = await serverCaller();
  if (!(await caller.account.me())) redirect("/sign-in?callbackUrl=/guilds/new");
  const mine = await caller.guild.mine();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Found a guild</h1>
      <CreateGuildForm characters={mine.characters} />
    </div>
  );
}
