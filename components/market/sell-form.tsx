"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { CharacterPicker } from "@/components/market/character-picker";
import { currencyNames, formatAmount } from "@/components/market/format";
import { createListingInput, currencyTypes, listingDurations } from "@/server/market/market.schema";

/** Choose a character, a bag slot, how many, the unit price, the currency and the duration. */
export function SellForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [characterId, setCharacterId] = useState<number | null>(null);
  const [slotPosition, setSlotPosition] = useState<number | null>(null);
  const slots = useQuery(trpc.market.sellableSlots.queryOptions({ characterId: characterId ?? 0 }, { enabled: characterId !== null }));
  const create = useMutation(trpc.market.create.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success"; listingItemId?: number } | null>(null);
  const selected = slots.data?.find((s) => s.slotPosition === slotPosition) ?? null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      characterId: characterId ?? 0,
      slotPosition: slotPosition ?? -1,
      quantity: Number(form.get("quantity")),
      pricePerUnit: Number(form.get("pricePerUnit")),
      currencyType: String(form.get("currencyType") ?? ""),
      durationHours: Number(form.get("durationHours")),
    };
    const checked = createListingInput.safeParse(values);
    if (!checked.success) {
      const errors = issuesToFieldErrors(checked.error.issues);
      if (!characterId) errors.characterId = ["Choose a character."];
      if (slotPosition === null) errors.slotPosition = ["Choose what to sell."];
      setFieldErrors(errors);
      setMessage({ text: "Please correct the fields marked below.", tone: "error" });
      return;
    }
    setFieldErrors({});
    setMessage(null);
    try {
      const listing = await create.mutateAsync(checked.data);
      setMessage({
        text: `Listed ${listing.quantity} ${listing.itemName} at ${formatAmount(listing.pricePerUnit, listing.currencyType)} each.`,
        tone: "success",
        listingItemId: listing.itemId,
      });
      setSlotPosition(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.market.sellableSlots.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.market.search.queryKey() }),
      ]);
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-2xl space-y-4 rounded-lg bg-white p-5 shadow" aria-labelledby="sell-heading" noValidate>
      <h2 id="sell-heading" className="text-lg font-semibold">
        New listing
      </h2>
      <FormAlert message={message?.text ?? null} tone={message?.tone} />
      {message?.listingItemId ? (
        <p className="text-sm">
          <Link className="text-ocean-700 underline" href="/market/history">
            See it in your market history
          </Link>
        </p>
      ) : null}
      <CharacterPicker
        id="characterId"
        label="Sell as"
        value={characterId}
        onChange={(id) => {
          setCharacterId(id);
          setSlotPosition(null);
        }}
        errors={fieldErrors.characterId}
      />
      <div className="space-y-1">
        <label htmlFor="slotPosition" className="block text-sm font-medium text-slate-700">
          Item
        </label>
        <select
          id="slotPosition"
          value={slotPosition ?? ""}
          disabled={!characterId}
          onChange={(event) => setSlotPosition(event.target.value === "" ? null : Number(event.target.value))}
          aria-invalid={fieldErrors.slotPosition?.length ? true : undefined}
          aria-describedby={fieldErrors.slotPosition?.length ? "slotPosition-error" : undefined}
          className={`w-full rounded border bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500 ${fieldErrors.slotPosition?.length ? "border-red-500" : "border-slate-300"}`}
        >
          <option value="">{!characterId ? "Choose a character first" : slots.isLoading ? "Loading…" : slots.data?.length ? "Choose an item" : "The bag is empty"}</option>
          {slots.data?.map((slot) => (
            <option key={slot.slotPosition} value={slot.slotPosition} disabled={slot.blockedReason !== null}>
              Slot {slot.slotPosition}: {slot.itemName} × {slot.quantity}
              {slot.blockedReason ? ` (${slot.blockedReason})` : ""}
            </option>
          ))}
        </select>
        {fieldErrors.slotPosition?.length ? (
          <p id="slotPosition-error" className="text-sm text-red-700">
            {fieldErrors.slotPosition.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Quantity"
          name="quantity"
          type="number"
          min={1}
          max={selected?.quantity}
          defaultValue={1}
          key={`q-${slotPosition}`}
          errors={fieldErrors.quantity}
          hint={selected ? `You have ${selected.quantity} in this slot.` : undefined}
        />
        <Field label="Price per unit" name="pricePerUnit" type="number" min={1} errors={fieldErrors.pricePerUnit} />
        <div className="space-y-1">
          <label htmlFor="currencyType" className="block text-sm font-medium text-slate-700">
            Currency
          </label>
          <select id="currencyType" name="currencyType" defaultValue="gold" className="w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm">
            {currencyTypes.map((c) => (
              <option key={c} value={c}>
                {currencyNames[c]}
              </option>
            ))}
          </select>
          {fieldErrors.currencyType ? <p className="text-sm text-red-700">{fieldErrors.currencyType.join(" ")}</p> : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="durationHours" className="block text-sm font-medium text-slate-700">
            Duration
          </label>
          <select id="durationHours" name="durationHours" defaultValue="24" className="w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm">
            {listingDurations.map((h) => (
              <option key={h} value={h}>
                {h} hours
              </option>
            ))}
          </select>
          {fieldErrors.durationHours ? <p className="text-sm text-red-700">{fieldErrors.durationHours.join(" ")}</p> : null}
        </div>
      </div>
      <button type="submit" disabled={create.isPending} className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
        {create.isPending ? "Listing…" : "List for sale"}
      </button>
    </form>
  );
}
