import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { config } from "dotenv";

/** Loads `.env`, then `.env.example` for anything still unset, so scripts work on a fresh clone. */
export function loadEnv(): void {
  const root = resolve(import.meta.dirname, "../..");
  for (const file of [".env", ".env.example"]) {
    const path = resolve(root, file);
    if (existsSync(path)) config({ path, quiet: true });
  }
}
