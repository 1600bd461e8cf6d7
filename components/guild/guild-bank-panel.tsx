"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { issuesToFieldErrors } from "@/components/ui/form-errors";
import { useGuildAction } from "@/components/guild/use-guild-action";
import type { LedgerEntry, MemberViewData } from "@/components/guild/types";
import { goldAmountSchema } from "@/server/guild/guild.schema";

const gold = (n: number) => n.toLocaleString("en-US");

/** Bank balance, deposit and (with the bank permission) withdraw; the ledger for those allowed to read it. */
export function GuildBankPanel({ guildId, view, characterGold }: { guildId: number; view: MemberViewData; characterGold: number | null }) {
  const trpc = useTRPC();
  const action = useGuildAction();
  const deposit = useMutation(trpc.guild.deposit.mutationOptions());
  const withdraw = useMutation(trpc.guild.withdraw.mutationOptions());
  const characterId = view.me.characterId;

  async function submit(event: FormEvent<HTMLFormElement>, direction: "deposit" | "withdraw") {
    event.preventDefault();
    const formElement = event.currentTarget;
    const amount = Number(new FormData(formElement).get(`${direction}Amount`));
    const checked = goldAmountSchema.safeParse(amount);
    if (!checked.success) {
      action.setFieldErrors({ [`${direction}Amount`]: issuesToFieldErrors(checked.error.issues).form ?? [checked.error.issues[0]!.message] });
      action.setMessage({ text: "Please correct the amount.", tone: "error" });
      return;
    }
    const run = direction === "deposit" ? deposit : withdraw;
    const done = await action.run(
      () => run.mutateAsync({ characterId, guildId, amount: checked.data }),
      (result) => `${direction === "deposit" ? "Deposited" : "Withdrew"} ${gold(checked.data)} gold. The bank now holds ${gold(result.bankGold)} gold.`,
    );
    if (done) formElement.reset();
  }

  const errorsFor = (direction: "deposit" | "withdraw") => action.fieldErrors[`${direction}Amount`] ?? action.fieldErrors.amount;

  return (
    <section aria-labelledby="bank-heading" className="space-y-3 rounded-lg bg-white p-5 shadow">
      <h2 id="bank-heading" className="text-lg font-semibold">
        Guild bank
      </h2>
      <p className="text-sm">
        Balance: <strong data-testid="bank-balance">{gold(view.bankGold)}</strong> gold
        {characterGold !== null ? <span className="text-slate-500"> · your character holds {gold(characterGold)} gold</span> : null}
      </p>
      <FormAlert message={action.message?.text ?? null} tone={action.message?.tone} />
      <div className="grid gap-4 sm:grid-cols-2">
        <form onSubmit={(event) => submit(event, "deposit")} noValidate className="space-y-2">
          <Field label="Deposit amount" name="depositAmount" type="number" min={1} step={1} required errors={errorsFor("deposit")} />
          <button type="submit" disabled={action.busy} className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
            Deposit
          </button>
        </form>
        {view.me.effective.bank ? (
          <form onSubmit={(event) => submit(event, "withdraw")} noValidate className="space-y-2">
            <Field label="Withdraw amount" name="withdrawAmount" type="number" min={1} step={1} required errors={errorsFor("withdraw")} />
            <button type="submit" disabled={action.busy} className="rounded border border-ocean-600 px-3 py-2 text-sm font-semibold text-ocean-700 hover:bg-ocean-50 disabled:opacity-60">
              Withdraw
            </button>
          </form>
        ) : (
          <p className="text-sm text-slate-500">Withdrawing needs the bank permission.</p>
        )}
      </div>
      {view.me.canReadLedger && view.ledger ? <Ledger guildId={guildId} characterId={characterId} first={view.ledger} /> : null}
    </section>
  );
}

function Ledger({ guildId, characterId, first }: { guildId: number; characterId: number; first: LedgerEntry[] }) {
  const trpc = useTRPC();
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const older = useQuery({ ...trpc.guild.ledger.queryOptions({ guildId, characterId, cursor, limit: 25 }), enabled: cursor !== undefined });
  const entries = cursor === undefined ? first : (older.data?.entries ?? []);
  return (
    <div className="space-y-2">
      <h3 className="font-medium">Ledger</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No deposits or withdrawals yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Guild bank ledger, newest first</caption>
          <thead className="border-b text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-1">When</th>
              <th scope="col">Who</th>
              <th scope="col">Move</th>
              <th scope="col" className="text-right">Balance after</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.entryId} className="border-b last:border-0">
                <td className="py-1">{new Date(entry.createdAt).toLocaleString("en-GB")}</td>
                <td>{entry.characterName ?? "(archived)"}</td>
                <td className={entry.direction === "deposit" ? "text-emerald-700" : "text-red-700"}>
                  {entry.direction === "deposit" ? "+" : "−"}
                  {gold(entry.amount)}
                </td>
                <td className="text-right">{gold(entry.balanceAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="flex gap-2 text-sm">
        {cursor !== undefined ? (
          <button type="button" className="rounded border px-3 py-1" onClick={() => setCursor(undefined)}>
            Newest
          </button>
        ) : null}
        {entries.length > 0 && (cursor === undefined ? first.length >= 10 : older.data?.nextCursor) ? (
          <button type="button" className="rounded border px-3 py-1" onClick={() => setCursor(entries.at(-1)!.entryId)}>
            Older entries
          </button>
        ) : null}
      </div>
    </div>
  );
}
