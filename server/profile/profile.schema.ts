import { z } from "zod";
import { usernameSchema } from "@/server/account/account.schema";

/** IANA zones the runtime knows, plus "UTC" (which Intl lists only as Etc/UTC aliases). */
const timeZones: ReadonlySet<string> = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export function isKnownTimeZone(value: string): boolean {
  return timeZones.has(value);
}

export const privacySettingsSchema = z.object({
  showOnline: z.boolean(),
  allowFriendRequests: z.boolean(),
  showAchievements: z.boolean(),
  /** Search (issue 8): false hides the player from the public search; staff still find them. Absent = shown. */
  showInSearch: z.boolean().optional(),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

/** Empty strings from a form mean "not set". */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters.`)
    .transform((value) => (value === "" ? null : value))
    .nullable();

/** Columns of game_data.player_profiles: display_name VARCHAR(100), avatar_url VARCHAR(500), preferred_language VARCHAR(10), timezone VARCHAR(50). */
export const updateProfileInput = z.object({
  displayName: optionalText(100, "The display name"),
  bio: optionalText(2000, "The bio"),
  avatarUrl: optionalText(500, "The avatar URL").refine((value) => {
    if (value === null) return true;
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, "The avatar URL must be an http:// or https:// address."),
  preferredLanguage: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$/, "Pick a language code such as en, de or pt-BR.")
    .max(10),
  timezone: z
    .string()
    .trim()
    .max(50)
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .refine((value) => value === null || isKnownTimeZone(value), "Pick a time zone from the list, such as Europe/Berlin."),
  privacy: privacySettingsSchema,
});
export type UpdateProfileInput = z.input<typeof updateProfileInput>;

export const publicProfileInput = z.object({ username: usernameSchema });
