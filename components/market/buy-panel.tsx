"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";
import { CharacterPicker } from "@/components/market/character-picker";
import { formatAmount, newIdempotencyKey } from "@/components/market/format";
import type { RouterOutputs } from "@/components/providers/api-types";

type ListingView = RouterOutputs["market"]["search"]["listings"][number];

/** Buy all or part of one listing. The idempotency key lives as long as this panel: a retry after a lost answer cannot buy twice. */
export function BuyPanel({ listing, onClose }: { listing: ListingView; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const buy = useMutation(trpc.market.buy.mutationOptions());
  const [characterId, setCharacterId] = useState<number | null>(null);
  const [quantity, setQuantity] = useState(String(listing.quantity));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  const units = Number(quantity);
  const total = Number.isInteger(units) && units > 0 ? units * listing.pricePerUnit : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!characterId) {
      setFieldErrors({ buyerCharacterId: ["Choose the character who buys."] });
      return;
    }
    setFieldErrors({});
    setMessage(null);
    try {
      const result = await buy.mutateAsync({ listingId: listing.listingId, buyerCharacterId: characterId, quantity: units, idempotencyKey: idempotencyKey.current });
      setMessage({
        text: `Bought ${result.quantity} ${result.itemName} for ${formatAmount(result.total, result.currencyType)}. Your balance: ${formatAmount(result.buyerBalance, result.currencyType)}.`,
        tone: "success",
      });
      // The next purchase is a new request with a new key.
      idempotencyKey.current = newIdempotencyKey();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.market.search.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.market.myCharacters.queryKey() }),
      ]);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors.quantity || errors.buyerCharacterId) setFieldErrors(errors);
      setMessage({ text: formMessageOf(error), tone: "error" });
      // Keep the key: a refused purchase stored nothing under it, and a lost answer must replay rather than buy again.
    }
  }

  return (
    <section aria-labelledby="buy-heading" className="rounded-lg bg-white p-5 shadow">
      <div className="flex items-start justify-between">
        <h2 id="buy-heading" className="text-lg font-semibold">
          Buy {listing.itemName} from {listing.sellerName}
        </h2>
        <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Close
        </button>
      </div>
      <form onSubmit={onSubmit} className="mt-3 grid gap-3 sm:grid-cols-3 sm:items-start" noValidate>
        <CharacterPicker id="buyerCharacterId" label="Buy as" value={characterId} onChange={setCharacterId} errors={fieldErrors.buyerCharacterId} />
        <Field
          label="Quantity"
          name="quantity"
          type="number"
          min={1}
          max={listing.quantity}
          value={quantity}
          onChange={(event) => setQuantity(event.target.value)}
          errors={fieldErrors.quantity}
          hint={`${listing.quantity} available at ${formatAmount(listing.pricePerUnit, listing.currencyType)} each`}
        />
        <div className="space-y-2 pt-6">
          <button type="submit" disabled={buy.isPending} className="w-full rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
            {buy.isPending ? "Buying…" : total !== null ? `Buy for ${formatAmount(total, listing.currencyType)}` : "Buy"}
          </button>
        </div>
      </form>
      <div className="mt-3">
        <FormAlert message={message?.text ?? null} tone={message?.tone} />
      </div>
    </section>
  );
}
