import Link from "next/link";
import type { RouterOutputs } from "@/components/providers/api-types";
import { formatNumber, formatTime } from "@/components/staff/format";
import { Panel } from "@/components/ui/panel";

type StaffPlayerPage = RouterOutputs["staff"]["players"]["get"];

/** The read-only sections of the staff player page (server component). */
export function StaffPlayerView({ page }: { page: StaffPlayerPage }) {
  const { account } = page;
  return (
    <div className="space-y-6">
      <Panel id="account-heading" title="Account">
        {account.banned ? (
          <p role="status" data-testid="staff-ban-state" className="mt-2 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            Banned {account.banExpiresAt ? `until ${formatTime(account.banExpiresAt)}` : "permanently"}: {account.banReason}
          </p>
        ) : (
          <p data-testid="staff-ban-state" className="mt-2 text-sm text-emerald-700">
            Not banned
          </p>
        )}
        <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
          {[
            ["Player id", account.playerId],
            ["Username", account.username],
            ["Email", account.email],
            ["Display name", account.displayName ?? "—"],
            ["Role", account.role?.replace("_", " ") ?? "player"],
            ["Created", formatTime(account.createdAt)],
            ["Last login", formatTime(account.lastLogin)],
            ["Playtime", `${Math.round(account.totalPlaytimeSeconds / 3600)} h`],
            ["Achievement points", formatNumber(account.achievementPoints)],
            ["Reputation", formatNumber(account.reputationScore)],
            ["Language / time zone", `${account.preferredLanguage ?? "—"} / ${account.timezone ?? "—"}`],
            ["Account id", account.accountId],
          ].map(([label, value]) => (
            <div key={String(label)}>
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </Panel>

      <section aria-labelledby="characters-heading" className="space-y-4">
        <h2 id="characters-heading" className="text-lg font-semibold">
          Characters ({page.characters.length})
        </h2>
        {page.characters.map((character) => (
          <article key={character.characterId} aria-labelledby={`character-${character.characterId}`} className="rounded-lg bg-white p-5 shadow" data-testid={`staff-character-${character.name}`}>
            <h3 id={`character-${character.characterId}`} className="font-semibold">
              {character.name} <span className="font-normal text-slate-500">#{character.characterId} · level {character.level} {character.characterClass}</span>
              {character.deletedAt ? <span className="ml-2 text-sm text-red-700">deleted {formatTime(character.deletedAt)}</span> : null}
            </h3>
            <div className="mt-2 grid gap-4 text-sm md:grid-cols-2">
              <div>
                <h4 className="font-medium text-slate-700">Currencies</h4>
                <ul data-testid={`staff-currencies-${character.name}`}>
                  {character.currencies.length ? character.currencies.map((c) => <li key={c.currencyType}>{c.currencyType}: {formatNumber(c.amount)}</li>) : <li>none</li>}
                </ul>
                <h4 className="mt-2 font-medium text-slate-700">Position</h4>
                <p>{character.position ? `zone ${character.position.zoneId} · (${character.position.x.toFixed(1)}, ${character.position.y.toFixed(1)}, ${character.position.z.toFixed(1)})` : "unknown"}</p>
                <h4 className="mt-2 font-medium text-slate-700">Guild</h4>
                <p>{character.guild ? `[${character.guild.guildTag}] ${character.guild.guildName} · ${character.guild.rank}` : "none"}</p>
                <h4 className="mt-2 font-medium text-slate-700">Friends</h4>
                <p>
                  {character.friends.length
                    ? character.friends.map((f, index) => (
                        <span key={f.friendCharacterId}>
                          {index > 0 ? ", " : ""}
                          <Link href={`/staff/players/${f.friendPlayerId}`} className="underline">{f.friendName}</Link> ({f.status})
                        </span>
                      ))
                    : "none"}
                </p>
              </div>
              <div>
                <h4 className="font-medium text-slate-700">Stats</h4>
                {character.stats ? (
                  <p>
                    HP {character.stats.healthCurrent}/{character.stats.healthMax} · MP {character.stats.manaCurrent}/{character.stats.manaMax} · STA {character.stats.staminaCurrent}/{character.stats.staminaMax}
                    <br />
                    STR {character.stats.strength} · AGI {character.stats.agility} · INT {character.stats.intelligence} · VIT {character.stats.vitality} · LUK {character.stats.luck}
                    <br />
                    ATK {character.stats.attackPower} · DEF {character.stats.defenseRating} · MAG {character.stats.magicPower} · CRIT {character.stats.criticalChance}%
                  </p>
                ) : (
                  <p>no stats row</p>
                )}
                <h4 className="mt-2 font-medium text-slate-700">Inventory ({character.inventory.length} slots)</h4>
                <ul className="max-h-40 overflow-auto" data-testid={`staff-inventory-${character.name}`}>
                  {character.inventory.map((slot) => (
                    <li key={slot.slotPosition}>
                      #{slot.slotPosition} {slot.itemName} × {slot.quantity}
                      {slot.isEquipped ? " (equipped)" : ""}
                      {slot.enchantmentLevel ? ` +${slot.enchantmentLevel}` : ""}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          </article>
        ))}
      </section>

      <Panel id="tx-heading" title="Recent transactions">
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">From → to</th>
              <th scope="col">Amount</th>
              <th scope="col">Item</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {page.recentTransactions.map((t) => (
              <tr key={t.transactionId} className="border-t border-slate-100">
                <td>
                  <Link href={`/staff/transactions?id=${t.transactionId}`} className="underline">#{t.transactionId}</Link>
                </td>
                <td>{t.transactionType}{t.metadata?.reverses ? " (reversal)" : t.metadata?.reversed_by ? " (reversed)" : ""}</td>
                <td>{t.transactionStatus}</td>
                <td>{t.fromCharacterName ?? "—"} → {t.toCharacterName ?? "—"}</td>
                <td>{t.currencyAmount !== null ? `${formatNumber(t.currencyAmount)} ${t.currencyType}` : "—"}</td>
                <td>{t.itemName ? `${t.itemName} × ${t.itemQuantity}` : "—"}</td>
                <td>{formatTime(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>

      <Panel id="bans-heading" title="Ban history">
        {page.bans.length === 0 ? <p className="mt-2 text-sm text-slate-600">Never banned.</p> : null}
        <ol className="mt-2 space-y-2 text-sm" data-testid="ban-history">
          {page.bans.map((ban) => (
            <li key={ban.banId} className="rounded border border-slate-100 p-2">
              <strong>#{ban.banId} · {ban.state}</strong> — {ban.reason}
              <br />
              by {ban.bannedByUsername ?? "system"} on {formatTime(ban.bannedAt)}, {ban.expiresAt ? `until ${formatTime(ban.expiresAt)}` : "permanent"}
              {ban.liftedAt ? <><br />lifted by {ban.liftedByUsername ?? "system"} on {formatTime(ban.liftedAt)}: {ban.liftReason}</> : null}
            </li>
          ))}
        </ol>
      </Panel>

      <Panel id="trail-heading" title="Audit trail">
        <p className="text-sm text-slate-600">
          Changes by this player and to this player’s account, bans, role and characters.{" "}
          <Link href={`/staff/audit?actor=${account.playerId}`} className="underline">All changes by this player</Link>
        </p>
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th scope="col">When</th>
              <th scope="col">Table</th>
              <th scope="col">Operation</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {page.auditTrail.map((entry) => (
              <tr key={entry.auditId} className="border-t border-slate-100">
                <td>{formatTime(entry.changeTimestamp)}</td>
                <td>{entry.tableName}</td>
                <td>{entry.operation}</td>
                <td>{entry.relation === "by" ? "this player" : (entry.actorUsername ?? "system")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
