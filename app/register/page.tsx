import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RegisterForm } from "@/components/account/register-form";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage() {
  if (await (await serverCaller()).account.me()) redirect("/profile");
  return (
    <div className="mx-auto max-w-md rounded-lg bg-white p-5 shadow">
      <h1 className="mb-4 text-2xl font-bold text-slate-900">Create an account</h1>
      <RegisterForm />
    </div>
  );
}
