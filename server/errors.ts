import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

/**
 * The one error type services throw. Its code decides the HTTP status in one place (toTrpcCode),
 * and its message is written for the person using the portal: never a stack trace or a constraint name.
 */
export type AppErrorCode =
  | "BAD_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "PRECONDITION_FAILED"
  | "UNAVAILABLE";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field-level messages for forms, keyed by the input field's name. */
  readonly fieldErrors?: Record<string, string[]>;
  /** Seconds until a rate-limited action may be retried. */
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, extra: { fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

const trpcCodes: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function toTrpcCode(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  return trpcCodes[code];
}

interface PgErrorLike {
  code?: string;
  constraint?: string;
}

/** Messages for database constraints a user can trip, by the seed's constraint names. */
const constraintMessages: Record<string, string> = {
  username_format: "Usernames are 3 to 50 letters, digits, underscores or hyphens.",
  email_format: "That does not look like an email address.",
  players_username_key: "That username is taken.",
  players_email_key: "An account with that email already exists.",
  character_name_format: "Character names are 3 to 50 letters, digits, underscores or hyphens.",
  unique_active_character_name: "That character name is taken.",
  positive_currency: "Not enough funds.",
  positive_quantity: "Quantities must be at least 1.",
  valid_guild_tag: "Guild tags are 2 to 10 upper-case letters or digits.",
  guilds_guild_name_key: "A guild with that name already exists.",
  guilds_guild_tag_key: "A guild with that tag already exists.",
  unique_guild_member_character: "That character is already in a guild.",
};

/**
 * Turns a PostgreSQL constraint violation that slipped past validation into an AppError,
 * so the person sees what was wrong rather than a 500. Returns undefined for anything else.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const pgError = (error as { cause?: PgErrorLike } & PgErrorLike) ?? {};
  const source: PgErrorLike = pgError.code ? pgError : (pgError.cause ?? {});
  const sqlState = source.code;
  if (!sqlState) return undefined;
  const known = source.constraint ? constraintMessages[source.constraint] : undefined;
  if (sqlState === "23505") return new AppError("CONFLICT", known ?? "That already exists.");
  if (sqlState === "23514" || sqlState === "23502" || sqlState === "22P02" || sqlState === "22003")
    return new AppError("BAD_INPUT", known ?? "Some of the values are not allowed.");
  if (sqlState === "23503") return new AppError("CONFLICT", known ?? "That refers to something that no longer exists.");
  if (sqlState === "40001" || sqlState === "40P01") return new AppError("CONFLICT", "Someone else changed this at the same time. Please try again.");
  return undefined;
}
