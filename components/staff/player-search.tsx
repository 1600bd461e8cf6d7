"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { DegradedNotice } from "@/components/search/degraded-notice";
import { formatTime } from "@/components/staff/format";
import { Panel } from "@/components/ui/panel";

/** Look-up by id, username, email or character name; results link to the player page. */
export function PlayerSearch({ initialQuery = "" }: { initialQuery?: string }) {
  const trpc = useTRPC();
  const [text, setText] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery.trim());
  const results = useQuery({ ...trpc.staff.players.search.queryOptions({ query }), enabled: query.length > 0 });
  const searchStatus = useQuery({ ...trpc.search.status.queryOptions(), enabled: query.length > 0 });

  function submit(event: FormEvent) {
    event.preventDefault();
    setQuery(text.trim());
  }

  return (
    <Panel id="player-search-heading" title="Find a player">
      <DegradedNotice show={searchStatus.data?.degraded === true} />
      <form role="search" onSubmit={submit} className="mt-3 flex flex-wrap gap-2">
        <label htmlFor="player-query" className="sr-only">
          Player id, username, email or character name
        </label>
        <input
          id="player-query"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Id, username, email or character name"
          className="min-w-64 flex-1 rounded border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500"
        />
        <button type="submit" className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700">
          Search
        </button>
      </form>
      {results.error ? <div className="mt-3"><FormAlert message={results.error.message} /></div> : null}
      {results.data ? (
        results.data.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600" role="status">
            No player matches “{query}”.
          </p>
        ) : (
          <table className="mt-4 w-full text-left text-sm">
            <caption className="sr-only">Players matching {query}</caption>
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1">Id</th>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Characters</th>
                <th scope="col">Status</th>
                <th scope="col">Last login</th>
              </tr>
            </thead>
            <tbody>
              {results.data.map((hit) => (
                <tr key={hit.playerId} className="border-t border-slate-100">
                  <td className="py-1">{hit.playerId}</td>
                  <td>
                    <Link href={`/staff/players/${hit.playerId}`} className="font-medium text-ocean-700 underline">
                      {hit.username}
                    </Link>
                    {hit.role ? <span className="ml-2 rounded bg-ocean-100 px-1 text-xs">{hit.role.replace("_", " ")}</span> : null}
                  </td>
                  <td>{hit.email}</td>
                  <td>{hit.characterNames.join(", ") || "—"}</td>
                  <td>{hit.banned ? <span className="font-semibold text-red-700">banned{hit.banExpiresAt ? ` until ${formatTime(hit.banExpiresAt)}` : " permanently"}</span> : "active"}</td>
                  <td>{formatTime(hit.lastLogin)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </Panel>
  );
}
