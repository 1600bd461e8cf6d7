import type { Metadata } from "next";
import Link from "next/link";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";

export const metadata: Metadata = { title: "Staff" };
export const dynamic = "force-dynamic";

const areas = [
  { href: "/staff/players", label: "Players", blurb: "Look up a player by id, username, email or character; ban, unban, bulk ban." },
  { href: "/staff/transactions", label: "Transactions", blurb: "Filter trades and purchases; cancel pending ones, reverse completed ones." },
  { href: "/staff/audit", label: "Audit log", blurb: "Every change with who, when, before and after; export as CSV." },
  { href: "/staff/events", label: "Game events", blurb: "Filter, live tail and events per hour by severity." },
  { href: "/staff/economy", label: "Economy", blurb: "Money supply, market volume and fees, top items, conservation check." },
  { href: "/staff/world", label: "World viewer", blurb: "The octree region viewer over Cassandra." },
];

export default async function StaffHomePage() {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  return (
    <section aria-labelledby="staff-home">
      <StaffHeader title="Staff area" viewer={viewer} />
      <h2 id="staff-home" className="sr-only">
        Staff tools
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {areas.map((area) => (
          <li key={area.href}>
            <Link href={area.href} className="block h-full rounded-lg bg-white p-5 shadow hover:shadow-md">
              <span className="text-lg font-semibold text-ocean-700">{area.label}</span>
              <span className="mt-1 block text-sm text-slate-600">{area.blurb}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
