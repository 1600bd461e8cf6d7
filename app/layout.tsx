import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import { SiteNav } from "@/components/ui/site-nav";
import { AccountMenu } from "@/components/ui/account-menu";
import { serverCaller } from "@/server/caller";
import { BanBanner } from "@/components/account/ban-notice";
import { currentBanNotice } from "@/server/auth/current-user";
import { processEngines } from "@/server/engines";
import { SearchBox } from "@/components/search/search-box";

export const metadata: Metadata = {
  title: { default: "BlueMarble Portal", template: "%s · BlueMarble Portal" },
  description: "Account, characters, market and guilds of BlueMarble, the planet-sized voxel MMORPG.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const caller = await serverCaller();
  const me = await caller.account.me();
  // A session cookie without a user is a banned (or deleted) account: say why on every page.
  const ban = me ? null : await currentBanNotice(processEngines());
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <TrpcProvider>
          <header className="bg-ocean-700 text-white shadow">
            <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
              <Link href="/" className="text-lg font-semibold tracking-tight">
                BlueMarble <span className="font-normal text-ocean-100">Portal</span>
              </Link>
              <div className="flex items-center gap-2">
                <SiteNav showStaff={me?.isStaff ?? false} />
                <SearchBox />
                <AccountMenu username={me?.username ?? null} />
              </div>
            </div>
          </header>
          {ban ? <BanBanner ban={ban} /> : null}
          <main id="main" className="mx-auto max-w-6xl px-4 py-8">
            {children}
          </main>
          <footer className="mx-auto max-w-6xl px-4 pb-8 text-xs text-slate-500">BlueMarble Portal · <Link className="underline" href="/status">System status</Link></footer>
        </TrpcProvider>
      </body>
    </html>
  );
}
