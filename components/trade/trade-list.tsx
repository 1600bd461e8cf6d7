"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";
import { CharacterPicker } from "@/components/market/character-picker";

/** Open a trade with another character by name, and list this character's trades. */
export function TradeList() {
  const trpc = useTRPC();
  const router = useRouter();
  const [characterId, setCharacterId] = useState<number | null>(null);
  const trades = useQuery(trpc.trade.list.queryOptions({ characterId: characterId ?? 0 }, { enabled: characterId !== null, refetchInterval: 5_000 }));
  const open = useMutation(trpc.trade.open.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const partnerName = String(new FormData(event.currentTarget).get("partnerName") ?? "").trim();
    if (!characterId) {
      setFieldErrors({ characterId: ["Choose your character first."] });
      return;
    }
    setFieldErrors({});
    setMessage(null);
    try {
      const trade = await open.mutateAsync({ characterId, partnerName });
      router.push(`/trades/${trade.tradeId}?characterId=${characterId}`);
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage(formMessageOf(error));
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
      <form onSubmit={onSubmit} className="space-y-3 rounded-lg bg-white p-5 shadow" aria-labelledby="open-trade-heading" noValidate>
        <h2 id="open-trade-heading" className="text-lg font-semibold">Start a trade</h2>
        <FormAlert message={message} />
        <CharacterPicker id="characterId" label="Trade as" value={characterId} onChange={setCharacterId} errors={fieldErrors.characterId} />
        <Field label="Trade with (character name)" name="partnerName" required maxLength={50} errors={fieldErrors.partnerName} />
        <button type="submit" disabled={open.isPending} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
          Open trade
        </button>
      </form>
      <section aria-labelledby="trade-list-heading" className="rounded-lg bg-white p-5 shadow">
        <h2 id="trade-list-heading" className="text-lg font-semibold">Trades</h2>
        {!characterId ? (
          <p className="mt-2 text-sm text-slate-600">Choose a character to see its trades.</p>
        ) : trades.data?.length ? (
          <ul className="mt-2 divide-y text-sm">
            {trades.data.map((t) => (
              <li key={t.tradeId} className="flex items-center justify-between py-2">
                <Link href={`/trades/${t.tradeId}?characterId=${characterId}`} className="text-ocean-700 underline-offset-2 hover:underline">
                  Trade #{t.tradeId} with {t.partnerName}
                </Link>
                <span className="text-xs capitalize text-slate-600">{t.status}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{trades.isLoading ? "Loading…" : "No trades yet."}</p>
        )}
      </section>
    </div>
  );
}
