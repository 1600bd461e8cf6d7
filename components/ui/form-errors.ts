/** Reads what a tRPC error says about the fields of a form: zod's flattened field errors or AppError's fieldErrors. */
export interface TrpcLikeError {
  message: string;
  data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null; fieldErrors?: Record<string, string[]> | null } | null;
}

export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  const data = (error as TrpcLikeError | null)?.data;
  const merged: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) if (messages?.length) merged[field] = messages;
  for (const [field, messages] of Object.entries(data?.fieldErrors ?? {})) merged[field] = messages;
  return merged;
}

/** The sentence to show above the form; zod messages are JSON, so those become a generic hint. */
export function formMessageOf(error: unknown): string {
  const e = error as TrpcLikeError | null;
  if (!e) return "";
  if (e.data?.zodError) return "Please correct the fields marked below.";
  return e.message || "Something went wrong. Please try again.";
}

/** zod issues of a client-side check, keyed by the first path segment. */
export function issuesToFieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}
