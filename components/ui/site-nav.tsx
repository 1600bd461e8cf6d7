"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

import { playerNav, staffNav } from "@/components/ui/nav-items";

export function SiteNav({ showStaff }: { showStaff: boolean }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const items = showStaff ? [...playerNav, ...staffNav] : playerNav;
  return (
    <nav aria-label="Main" className="relative">
      <button
        type="button"
        className="rounded px-3 py-2 text-sm font-medium text-white hover:bg-ocean-600 md:hidden"
        aria-expanded={open}
        aria-controls="main-nav-list"
        onClick={() => setOpen((value) => !value)}
      >
        Menu
      </button>
      <ul id="main-nav-list" className={`${open ? "flex" : "hidden"} absolute right-0 z-20 mt-2 w-48 flex-col rounded bg-ocean-700 p-2 shadow-lg md:static md:mt-0 md:flex md:w-auto md:flex-row md:gap-1 md:bg-transparent md:p-0 md:shadow-none`}>
        {items.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`block rounded px-3 py-2 text-sm font-medium text-white hover:bg-ocean-600 ${active ? "bg-ocean-600" : ""}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
