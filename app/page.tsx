import Link from "next/link";
import { playerNav } from "@/components/ui/nav-items";

const blurbs: Record<string, string> = {
  "/profile": "Your account, display name and privacy.",
  "/characters": "Stats, position, inventory and equipment of every character.",
  "/friends": "Friend requests, friends online and blocks, per character.",
  "/market": "Buy and sell items with other players, safely.",
  "/guilds": "Find a guild, manage ranks and the guild bank.",
  "/leaderboards": "Who leads the planet in level and achievements.",
};

export default function HomePage() {
  return (
    <div className="space-y-8">
      <section className="rounded-xl bg-gradient-to-br from-ocean-700 to-ocean-900 p-8 text-white shadow">
        <h1 className="text-3xl font-bold">Welcome to BlueMarble</h1>
        <p className="mt-2 max-w-2xl text-ocean-100">The web front door of a top-down MMORPG on a planet-sized voxel world.</p>
      </section>
      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading" className="sr-only">Areas of the portal</h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {playerNav.map((item) => (
            <li key={item.href}>
              <Link href={item.href} className="block h-full rounded-lg bg-white p-5 shadow hover:shadow-md">
                <span className="text-lg font-semibold text-ocean-700">{item.label}</span>
                <span className="mt-1 block text-sm text-slate-600">{blurbs[item.href]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
