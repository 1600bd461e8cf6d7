import Link from "next/link";
import type { StaffRole } from "@/server/session";

export interface StaffViewer {
  playerId: number;
  username: string;
  roles: StaffRole[];
  /** Game masters and admins may act (ban, cancel, reverse); analysts only read. The API enforces the same. */
  canAct: boolean;
}

export function StaffForbidden() {
  return (
    <section aria-labelledby="forbidden-heading" className="rounded-lg bg-white p-5 shadow">
      <h1 id="forbidden-heading" className="text-2xl font-semibold">
        403 · Staff only
      </h1>
      <p className="mt-2 text-slate-600">This area is for game masters, admins and analysts. If you are staff, sign in with your staff account.</p>
      <Link href="/" className="mt-4 inline-block text-ocean-700 underline">
        Back to the portal
      </Link>
    </section>
  );
}

export function StaffHeader({ title, viewer, children }: { title: string; viewer: StaffViewer; children?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/staff" className="underline">
            Staff
          </Link>{" "}
          · signed in as {viewer.username} ({viewer.roles.join(", ").replace("_", " ")}
          {viewer.canAct ? "" : ", read-only"})
        </p>
        <h1 className="text-2xl font-semibold">{title}</h1>
      </div>
      {children}
    </div>
  );
}
