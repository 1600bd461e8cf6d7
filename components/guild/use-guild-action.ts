"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";

export interface ActionMessage {
  text: string;
  tone: "error" | "success";
}

/**
 * Runs one guild mutation for a panel: shows the server's message on failure (field by field where it names fields),
 * a confirmation on success, and refetches every guild query so roster, bank and requests agree.
 */
export function useGuildAction() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<T>, success: string | ((result: T) => string)): Promise<T | undefined> {
    setBusy(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const result = await work();
      setMessage({ text: typeof success === "function" ? success(result) : success, tone: "success" });
      await queryClient.invalidateQueries({ queryKey: trpc.guild.pathKey() });
      return result;
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { run, message, fieldErrors, busy, setMessage, setFieldErrors };
}
