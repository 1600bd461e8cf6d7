import type { RouterOutputs } from "@/components/providers/api-types";
import { Panel } from "@/components/ui/panel";

type CharacterHeader = RouterOutputs["character"]["get"]["character"];

const currencyLabels: Record<keyof CharacterHeader["currencies"], string> = {
  gold: "Gold",
  gems: "Gems",
  pvp_tokens: "PvP tokens",
  event_currency: "Event currency",
};

function Meter({ label, current, max, color }: { label: string; current: number; max: number; color: string }) {
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span>
          {current} / {max}
        </span>
      </div>
      <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={current} className="mt-1 h-2 rounded bg-slate-200">
        <div className={`h-2 rounded ${color}`} style={{ width: `${max > 0 ? Math.min(100, (current / max) * 100) : 0}%` }} />
      </div>
    </div>
  );
}

function formatNumber(value: number): string {
  return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
}

/** Stats, position and currencies: the one-round-trip header of the character page. */
export function CharacterHeaderCards({ character }: { character: CharacterHeader }) {
  const { stats, position } = character;
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <Panel id="stats-heading" title="Stats" headingClassName="mb-3 font-semibold">
        {stats ? (
          <div className="space-y-3">
            <Meter label="Health" current={stats.healthCurrent} max={stats.healthMax} color="bg-red-500" />
            <Meter label="Mana" current={stats.manaCurrent} max={stats.manaMax} color="bg-ocean-500" />
            <Meter label="Stamina" current={stats.staminaCurrent} max={stats.staminaMax} color="bg-emerald-500" />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label="Attributes">
              {(
                [
                  ["Strength", stats.strength],
                  ["Agility", stats.agility],
                  ["Intelligence", stats.intelligence],
                  ["Vitality", stats.vitality],
                  ["Luck", stats.luck],
                  ["Attack power", stats.attackPower],
                  ["Defense rating", stats.defenseRating],
                  ["Magic power", stats.magicPower],
                  ["Critical chance", `${stats.criticalChance.toFixed(2)} %`],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="flex justify-between border-b border-slate-100 py-0.5">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="font-medium" data-testid={`stat-${label.toLowerCase().replace(/ /g, "-")}`}>
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        ) : (
          <p className="text-sm text-slate-600">No stats recorded for this character.</p>
        )}
      </Panel>
      <Panel id="position-heading" title="Position" headingClassName="mb-3 font-semibold">
        {position ? (
          <dl className="space-y-1 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600">Zone</dt>
              <dd className="font-medium" data-testid="zone">
                {position.zoneId}
              </dd>
            </div>
            {(
              [
                ["X", position.x],
                ["Y", position.y],
                ["Z (altitude)", position.z],
                ["Heading (yaw)", position.yaw],
                ["Pitch", position.pitch],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="flex justify-between">
                <dt className="text-slate-600">{label}</dt>
                <dd className="font-mono">{formatNumber(value)}</dd>
              </div>
            ))}
            {position.instanceId ? (
              <div className="flex justify-between">
                <dt className="text-slate-600">Instance</dt>
                <dd className="truncate font-mono text-xs">{position.instanceId}</dd>
              </div>
            ) : null}
          </dl>
        ) : (
          <p className="text-sm text-slate-600">Position unknown.</p>
        )}
      </Panel>
      <Panel id="currencies-heading" title="Currencies" headingClassName="mb-3 font-semibold">
        <dl className="space-y-1 text-sm">
          {(Object.keys(currencyLabels) as (keyof typeof currencyLabels)[]).map((currency) => (
            <div key={currency} className="flex justify-between">
              <dt className="text-slate-600">{currencyLabels[currency]}</dt>
              <dd className="font-medium" data-testid={`currency-${currency}`}>
                {character.currencies[currency].toLocaleString("en-GB")}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-xs text-slate-500">
          Experience {character.experiencePoints.toLocaleString("en-GB")} · played {Math.round(character.totalPlaytimeSeconds / 3600)} h
        </p>
      </Panel>
    </div>
  );
}
