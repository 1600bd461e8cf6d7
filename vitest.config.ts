import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": resolve(import.meta.dirname), "server-only": resolve(import.meta.dirname, "tests/helpers/server-only-stub.ts") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // Property tests run hundreds of cases; on two shared cores a busy machine can take several seconds for one.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/load-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: two files at a time keeps the engines responsive. Tests use unique rows, so order does not matter.
          maxWorkers: 2,
        },
      },
    ],
  },
});
