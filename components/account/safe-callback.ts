/** Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
export function safeCallback(url: string | null | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/profile";
}
