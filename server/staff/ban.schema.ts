import { z } from "zod";
import { playerIdSchema } from "@/server/staff/staff.schema";

/**
 * Inputs of the ban procedures. They mirror game_data.player_bans: ban_reason_not_blank (a reason with text in it)
 * and ban_expiry_after_start (an expiry after the ban starts, i.e. in the future; null = permanent).
 */

/** Reason templates offered by the ban form; the text is stored, so the wording may change without a migration. */
export const banTemplates = {
  cheating: "Cheating or using exploits",
  botting: "Botting or automation",
  harassment: "Harassment of other players",
  rmt: "Real-money trading",
  scam: "Scamming other players",
  offensive_name: "Offensive name or content",
  chargeback: "Payment chargeback",
  other: "Other",
} as const;
export type BanTemplate = keyof typeof banTemplates;
export const banTemplateKeys = Object.keys(banTemplates) as [BanTemplate, ...BanTemplate[]];

export const maxBanReasonLength = 500;

/** The stored reason: the template's text, then the free text after a colon ("Botting or automation: 14 h AFK farming"). */
export function composeBanReason(template: BanTemplate | undefined | null, details: string | undefined | null): string {
  const text = details?.trim() ?? "";
  if (!template || template === "other") return text;
  return text ? `${banTemplates[template]}: ${text}` : banTemplates[template];
}

const banReasonFields = {
  template: z.enum(banTemplateKeys, { error: "Pick a reason from the list." }).optional(),
  details: z.string().trim().max(400, "Keep the details under 400 characters.").optional(),
  /** null = permanent. */
  expiresAt: z.date({ error: "Pick when the ban ends, or make it permanent." }).nullable(),
};

type BanReasonFields = { template?: BanTemplate; details?: string; expiresAt: Date | null };

function checkBanReason(value: BanReasonFields, context: z.RefinementCtx): void {
  const reason = composeBanReason(value.template, value.details);
  if (reason.length === 0) {
    context.addIssue({
      code: "custom",
      path: [value.template === "other" ? "details" : "template"],
      message: value.template === "other" ? "Describe the reason: \"Other\" needs details." : "A ban needs a reason: pick one or describe it.",
    });
  }
  if (reason.length > maxBanReasonLength) context.addIssue({ code: "custom", path: ["details"], message: "The reason is too long." });
  if (value.expiresAt && value.expiresAt.getTime() <= Date.now()) {
    context.addIssue({ code: "custom", path: ["expiresAt"], message: "The expiry must be in the future (or make the ban permanent)." });
  }
}

export const banInput = z.object({ playerId: playerIdSchema, ...banReasonFields }).superRefine(checkBanReason);
export type BanInput = z.infer<typeof banInput>;

/** Ids, usernames or emails, one per entry; the form splits a pasted list on commas, spaces and new lines. */
export const bulkBanInput = z
  .object({
    players: z
      .array(z.string().trim().min(1).max(255), { error: "List the players to ban." })
      .min(1, "List at least one player.")
      .max(500, "At most 500 players per bulk ban."),
    ...banReasonFields,
  })
  .superRefine(checkBanReason);
export type BulkBanInput = z.infer<typeof bulkBanInput>;

/** Splits a pasted list ("alice, bob\n42") into entries, dropping blanks and duplicates. */
export function splitPlayerList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((part) => part.trim()).filter(Boolean))];
}

export const unbanInput = z.object({
  playerId: playerIdSchema,
  reason: z.string({ error: "Say why the ban is lifted." }).trim().min(3, "Say why the ban is lifted (at least 3 characters).").max(maxBanReasonLength, "Keep the reason under 500 characters."),
});
export type UnbanInput = z.infer<typeof unbanInput>;

export const banHistoryInput = z.object({ playerId: playerIdSchema });
