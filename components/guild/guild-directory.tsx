"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { DegradedNotice } from "@/components/search/degraded-notice";

const pageSize = 20;

/** The guild directory: search by name or tag, recruiting only, paged. */
export function GuildDirectory() {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [recruitingOnly, setRecruitingOnly] = useState(false);
  const [page, setPage] = useState(1);

  // Search as the player types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(typed.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const directory = useQuery({ ...trpc.guild.directory.queryOptions({ query, recruitingOnly, page, pageSize }), placeholderData: keepPreviousData });

  return (
    <section aria-labelledby="directory-heading" className="space-y-4 rounded-lg bg-white p-5 shadow">
      <h2 id="directory-heading" className="text-lg font-semibold">
        Guild directory
      </h2>
      <form role="search" className="flex flex-wrap items-end gap-4" onSubmit={(event) => event.preventDefault()}>
        <div className="min-w-64 flex-1 space-y-1">
          <label htmlFor="guild-search" className="block text-sm font-medium text-slate-700">
            Name or tag
          </label>
          <input
            id="guild-search"
            type="search"
            value={typed}
            maxLength={100}
            onChange={(event) => setTyped(event.target.value)}
            className="w-full rounded border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500"
            placeholder="e.g. Iron or IRON"
          />
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input
            type="checkbox"
            checked={recruitingOnly}
            onChange={(event) => {
              setRecruitingOnly(event.target.checked);
              setPage(1);
            }}
          />
          Recruiting only
        </label>
      </form>
      {directory.isError ? <FormAlert message={directory.error.message} /> : null}
      <DegradedNotice show={directory.data?.degraded === true} />
      {directory.isPending ? (
        <p role="status">Loading guilds…</p>
      ) : directory.data && directory.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">No guild matches.</p>
      ) : directory.data ? (
        <table className="w-full text-left text-sm" aria-describedby="directory-heading" aria-busy={directory.isFetching}>
          <thead className="border-b text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-2">Guild</th>
              <th scope="col">Level</th>
              <th scope="col">Members</th>
              <th scope="col">Recruiting</th>
            </tr>
          </thead>
          <tbody>
            {directory.data.items.map((guild) => (
              <tr key={guild.guildId} className="border-b last:border-0">
                <td className="py-2">
                  <Link href={`/guilds/${guild.guildId}`} className="font-medium text-ocean-700 hover:underline">
                    {guild.name}
                  </Link>{" "}
                  <span className="text-xs font-semibold text-slate-500">[{guild.tag}]</span>
                  {guild.description ? <span className="block truncate text-xs text-slate-500">{guild.description}</span> : null}
                </td>
                <td>{guild.level}</td>
                <td>
                  {guild.memberCount} / {guild.maxMembers}
                </td>
                <td>{guild.isRecruiting ? <span className="text-emerald-700">Yes</span> : <span className="text-slate-500">No</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav aria-label="Directory pages" className="flex items-center gap-2 text-sm">
        <button type="button" className="rounded border px-3 py-1 disabled:opacity-50" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          Previous
        </button>
        <span aria-live="polite">Page {page}</span>
        <button type="button" className="rounded border px-3 py-1 disabled:opacity-50" disabled={!directory.data?.hasMore} onClick={() => setPage((p) => p + 1)}>
          Next
        </button>
      </nav>
    </section>
  );
}
