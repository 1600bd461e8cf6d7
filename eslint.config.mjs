import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "server/generated/**", "engines/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Imports go one way (STYLE.md): client components never reach into services, repositories or clients.
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/generated/*"], message: "Use repositories, not the generated Prisma client directly." }] }],
    },
  },
  {
    files: ["server/repositories/**", "server/clients/**", "scripts/**", "tests/**", "server/services/**"],
    rules: { "no-restricted-imports": "off" },
  },
]);
