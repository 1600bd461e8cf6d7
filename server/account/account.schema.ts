import { z } from "zod";

/** Mirrors CHECK username_format on game_data.players. */
export const usernamePattern = /^[a-zA-Z0-9_-]{3,50}$/;
/** Mirrors CHECK email_format on game_data.players (same regex, applied after trimming and lower-casing). */
export const emailPattern = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;

export const passwordMinLength = 10;
export const passwordMaxLength = 128;

/**
 * A tiny deny-list of passwords that pass the length rule but appear at the top of every breach list.
 * Compared case-insensitively. It is a speed bump, not a breach-corpus check.
 */
export const commonPasswords: ReadonlySet<string> = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "0987654321",
  "1111111111",
  "qwertyuiop",
  "qwerty1234",
  "qwerty12345",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou12",
  "iloveyou123",
  "letmein123",
  "welcome123",
  "abc1234567",
  "abcdefghij",
  "administrator",
  "bluemarble",
  "bluemarble1",
  "bluemarble123",
]);

export const usernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .regex(usernamePattern, "Usernames are 3 to 50 letters, digits, underscores or hyphens.");

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(255, "Email addresses are at most 255 characters.")
  .regex(emailPattern, "That does not look like an email address.");

/** The length and deny-list rules; "not the username" needs the username and is checked where both are known. */
export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(passwordMinLength, `Passwords are at least ${passwordMinLength} characters.`)
  .max(passwordMaxLength, `Passwords are at most ${passwordMaxLength} characters.`)
  .refine((value) => !commonPasswords.has(value.toLowerCase()), "That password is too common. Choose another.");

export function passwordEqualsUsername(password: string, username: string): boolean {
  return password.trim().toLowerCase() === username.trim().toLowerCase();
}

export const registerInput = z
  .object({ username: usernameSchema, email: emailSchema, password: passwordSchema })
  .refine((input) => !passwordEqualsUsername(input.password, input.username), {
    path: ["password"],
    message: "Your password must not be your username.",
  });
export type RegisterInput = z.infer<typeof registerInput>;

/** Sign-in takes the username (or the email) as typed; it is looked up, never pattern-checked, so any typo just fails. */
export const signInInput = z.object({
  username: z.string().trim().min(1, "Enter your username.").max(255),
  password: z.string().min(1, "Enter your password.").max(passwordMaxLength * 4),
});
export type SignInInput = z.infer<typeof signInInput>;

export const changePasswordInput = z
  .object({ currentPassword: z.string().min(1, "Enter your current password.").max(passwordMaxLength * 4), newPassword: passwordSchema })
  .refine((input) => input.currentPassword !== input.newPassword, {
    path: ["newPassword"],
    message: "The new password must differ from the current one.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
