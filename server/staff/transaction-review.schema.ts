import { z } from "zod";
import { staffReasonSchema } from "@/server/staff/staff.schema";

/** Inputs of staff transaction review. Mirrors game_data.transactions (valid_transaction_type, valid_status) and currencies. */

export const transactionTypes = ["trade", "purchase", "sale", "quest_reward", "drop", "craft", "auction", "mail"] as const;
export const transactionStatuses = ["pending", "completed", "cancelled", "failed"] as const;
export const reviewCurrencyTypes = ["gold", "gems", "pvp_tokens", "event_currency"] as const;

const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const amountSchema = z.number().int("Amounts are whole numbers.").min(0, "Amounts are not negative.").max(Number.MAX_SAFE_INTEGER);

export const transactionFilterInput = z
  .object({
    type: z.enum(transactionTypes, { error: "Pick a type from the list." }).optional(),
    status: z.enum(transactionStatuses, { error: "Pick a status from the list." }).optional(),
    /** Either side of the transaction. */
    characterId: idSchema.optional(),
    itemId: z.number().int().optional(),
    currencyType: z.enum(reviewCurrencyTypes, { error: "Pick a currency from the list." }).optional(),
    minAmount: amountSchema.optional(),
    maxAmount: amountSchema.optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((v) => v.minAmount === undefined || v.maxAmount === undefined || v.minAmount <= v.maxAmount, { message: "The minimum must not exceed the maximum.", path: ["maxAmount"] })
  .refine((v) => !v.from || !v.to || v.from.getTime() <= v.to.getTime(), { message: "The start must be before the end.", path: ["to"] });
export type TransactionFilter = z.infer<typeof transactionFilterInput>;

export const transactionListInput = z.object({
  filter: transactionFilterInput.default({}),
  /** Keyset cursor: the last row's transaction_id (newest first). */
  beforeId: idSchema.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TransactionListInput = z.input<typeof transactionListInput>;

export const transactionRefInput = z.object({ transactionId: idSchema });

export const transactionActionInput = z.object({ transactionId: idSchema, reason: staffReasonSchema });
export type TransactionActionInput = z.infer<typeof transactionActionInput>;
