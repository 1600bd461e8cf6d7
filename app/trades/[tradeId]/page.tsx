import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { TradeRoom } from "@/components/trade/trade-room";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Trade" };
export const dynamic = "force-dynamic";

export default async function TradePage({ params, searchParams }: { params: Promise<{ tradeId: string }>; searchParams: Promise<{ characterId?: string }> }) {
  const [{ tradeId: rawTrade }, { characterId: rawCharacter }] = await Promise.all([params, searchParams]);
  const tradeId = Number(rawTrade);
  const characterId = Number(rawCharacter);
  if (!Number.isSafeInteger(tradeId) || tradeId < 1 || !Number.isSafeInteger(characterId) || characterId < 1) notFound();
  const caller = await serverCaller();
  if (!(await caller.account.me())) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/trades/${tradeId}?characterId=${characterId}`)}`);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/trades" className="text-ocean-700 underline">Direct trades</Link> / Trade #{tradeId}
      </p>
      <TradeRoom tradeId={tradeId} characterId={characterId} />
    </div>
  );
}
