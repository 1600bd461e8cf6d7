import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FriendsPanel } from "@/components/friends/friends-panel";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Friends" };

export default async function FriendsPage() {
  if (!(await (await serverCaller()).account.me())) redirect("/sign-in?callbackUrl=/friends");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">Friends</h1>
      <FriendsPanel />
    </div>
  );
}
