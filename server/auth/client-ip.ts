import "server-only";

/** The first x-forwarded-for hop (set by our proxy), else x-real-ip; null on a direct connection. */
export function clientIpFrom(header: (name: string) => string | null | undefined): string | null {
  const forwarded = header("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || header("x-real-ip") || null;
}
