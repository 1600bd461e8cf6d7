import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layer rules (which kind of file may import which) live in .dependency-cruiser.cjs and run in `npm run lint` too.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "server/generated/**", "engines/**", ".data/**", "test-results/**", "playwright-report/**", "bench-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Server configuration is read in one place (server/config.ts), validated, so a missing or wrong value fails at start-up.
    // (Browser code may use NODE_ENV, which Next.js inlines at build time.)
    files: ["server/**", "app/**", "lib/**"],
    ignores: ["server/config.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through appConfig() (server/config.ts)." },
      ],
    },
  },
]);
