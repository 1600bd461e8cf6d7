import { hash, verify } from "@node-rs/argon2";

/**
 * Argon2id with OWASP's minimum memory cost (19 MiB, t=2, p=1): about 20-40 ms per hash on these cores,
 * slow for an attacker, fast enough to keep sign-in under 100 ms at p95.
 */
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must not turn into a 500 or a sign-in.
    return false;
  }
}
