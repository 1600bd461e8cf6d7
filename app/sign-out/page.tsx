import type { Metadata } from "next";
import { SignOutButton } from "@/components/account/sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

/** A confirmation step: signing out by merely visiting a URL would let any page sign people out. */
export default function SignOutPage() {
  return (
    <div className="mx-auto max-w-md space-y-4 rounded-lg bg-white p-5 shadow">
      <h1 className="text-2xl font-bold text-slate-900">Sign out</h1>
      <p className="text-slate-600">Sign out of BlueMarble Portal on this device?</p>
      <SignOutButton />
    </div>
  );
}
