"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";
import { fromLocalInput } from "@/components/staff/format";
import { banTemplates, splitPlayerList, type BanTemplate } from "@/server/staff/ban.schema";
import { Panel } from "@/components/ui/panel";

const durations = [
  { value: "1", label: "1 day" },
  { value: "3", label: "3 days" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "permanent", label: "Permanent" },
  { value: "custom", label: "Until a date…" },
] as const;

function ReasonFields({ errors, idPrefix }: { errors: Record<string, string[]>; idPrefix: string }) {
  const [duration, setDuration] = useState<string>("7");
  return (
    <>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-template`} className="block text-sm font-medium text-slate-700">
          Reason
        </label>
        <select id={`${idPrefix}-template`} name="template" defaultValue="" className="w-full rounded border border-slate-300 px-3 py-2 text-sm" aria-describedby={errors.template ? `${idPrefix}-template-error` : undefined}>
          <option value="">Pick a reason…</option>
          {Object.entries(banTemplates).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
        {errors.template ? <p id={`${idPrefix}-template-error`} className="text-sm text-red-700">{errors.template.join(" ")}</p> : null}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-details`} className="block text-sm font-medium text-slate-700">
          Details
        </label>
        <textarea id={`${idPrefix}-details`} name="details" rows={2} maxLength={400} className="w-full rounded border border-slate-300 px-3 py-2 text-sm" aria-describedby={errors.details ? `${idPrefix}-details-error` : undefined} />
        {errors.details ? <p id={`${idPrefix}-details-error`} className="text-sm text-red-700">{errors.details.join(" ")}</p> : null}
      </div>
      <div className="flex flex-wrap gap-3">
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-duration`} className="block text-sm font-medium text-slate-700">
            Duration
          </label>
          <select id={`${idPrefix}-duration`} name="duration" value={duration} onChange={(event) => setDuration(event.target.value)} className="rounded border border-slate-300 px-3 py-2 text-sm">
            {durations.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        {duration === "custom" ? (
          <div className="space-y-1">
            <label htmlFor={`${idPrefix}-until`} className="block text-sm font-medium text-slate-700">
              Until (UTC)
            </label>
            <input id={`${idPrefix}-until`} name="until" type="datetime-local" className="rounded border border-slate-300 px-3 py-2 text-sm" />
          </div>
        ) : null}
      </div>
      {errors.expiresAt ? <p className="text-sm text-red-700">{errors.expiresAt.join(" ")}</p> : null}
    </>
  );
}

function readReason(form: FormData): { template?: BanTemplate; details?: string; expiresAt: Date | null } {
  const template = (form.get("template") as string) || undefined;
  const details = ((form.get("details") as string) ?? "").trim() || undefined;
  const duration = form.get("duration") as string;
  let expiresAt: Date | null;
  if (duration === "permanent") expiresAt = null;
  else if (duration === "custom") expiresAt = fromLocalInput((form.get("until") as string) ?? "") ?? new Date(0);
  else expiresAt = new Date(Date.now() + Number(duration) * 86_400_000);
  return { template: template as BanTemplate | undefined, details, expiresAt };
}

/** Ban and unban on the player page. Rendered only for game masters and admins; the API refuses analysts anyway. */
export function BanPanel({ playerId, username, banned }: { playerId: number; username: string; banned: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const ban = useMutation(trpc.staff.bans.ban.mutationOptions({ onSuccess: (result) => { setDone(`Banned ${username} (ban #${result.bans[0]?.banId}).`); router.refresh(); } }));
  const unban = useMutation(trpc.staff.bans.unban.mutationOptions({ onSuccess: () => { setDone(`Lifted the ban on ${username}.`); router.refresh(); } }));
  const banErrors = fieldErrorsOf(ban.error);

  function submitBan(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    ban.mutate({ playerId, ...readReason(new FormData(event.currentTarget)) });
  }
  function submitUnban(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    unban.mutate({ playerId, reason: String(new FormData(event.currentTarget).get("reason") ?? "") });
  }

  return (
    <section aria-labelledby="ban-panel-heading" className="space-y-4 rounded-lg bg-white p-5 shadow">
      <h2 id="ban-panel-heading" className="text-lg font-semibold">
        Moderation
      </h2>
      <FormAlert message={done} tone="success" />
      <form onSubmit={submitBan} className="space-y-3" aria-label={`Ban ${username}`}>
        <FormAlert message={ban.error ? formMessageOf(ban.error) : null} />
        <ReasonFields errors={banErrors} idPrefix="ban" />
        <button type="submit" disabled={ban.isPending} className="rounded bg-red-600 px-3 py-2 text-white hover:bg-red-700 disabled:opacity-50">
          {banned ? "Replace the ban" : "Ban player"}
        </button>
      </form>
      {banned ? (
        <form onSubmit={submitUnban} className="space-y-3 border-t border-slate-100 pt-4" aria-label={`Lift the ban on ${username}`}>
          <FormAlert message={unban.error ? formMessageOf(unban.error) : null} />
          <div className="space-y-1">
            <label htmlFor="unban-reason" className="block text-sm font-medium text-slate-700">
              Why lift the ban?
            </label>
            <input id="unban-reason" name="reason" className="w-full rounded border border-slate-300 px-3 py-2 text-sm" />
          </div>
          <button type="submit" disabled={unban.isPending} className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700 disabled:opacity-50">
            Lift ban
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Bulk ban: paste ids, usernames or emails; all or nothing. */
export function BulkBanForm() {
  const trpc = useTRPC();
  const [done, setDone] = useState<string | null>(null);
  const bulk = useMutation(trpc.staff.bans.bulkBan.mutationOptions({ onSuccess: (result) => setDone(`Banned ${result.bans.length} players: ${result.bans.map((b) => b.username).join(", ")}.`) }));
  const errors = fieldErrorsOf(bulk.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = new FormData(event.currentTarget);
    bulk.mutate({ players: splitPlayerList(String(form.get("players") ?? "")), ...readReason(form) });
  }

  return (
    <Panel id="bulk-ban-heading" title="Bulk ban">
      <form onSubmit={submit} className="mt-3 space-y-3">
        <FormAlert message={done} tone="success" />
        <FormAlert message={bulk.error ? formMessageOf(bulk.error) : null} />
        <div className="space-y-1">
          <label htmlFor="bulk-players" className="block text-sm font-medium text-slate-700">
            Players (ids, usernames or emails; commas or new lines)
          </label>
          <textarea id="bulk-players" name="players" rows={4} className="w-full rounded border border-slate-300 px-3 py-2 text-sm" aria-describedby={errors.players ? "bulk-players-error" : undefined} />
          {errors.players ? <p id="bulk-players-error" className="text-sm text-red-700">{errors.players.join(" ")}</p> : null}
        </div>
        <ReasonFields errors={errors} idPrefix="bulk" />
        <button type="submit" disabled={bulk.isPending} className="rounded bg-red-600 px-3 py-2 text-white hover:bg-red-700 disabled:opacity-50">
          Ban all listed players
        </button>
      </form>
    </Panel>
  );
}
