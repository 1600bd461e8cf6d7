import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/app.router";
import { createInnerContext } from "@/server/context";
import { createTestEngines } from "@/tests/helpers/engines";

describe("health.status", () => {
  const engines = createTestEngines();
  afterAll(() => engines.close());

  it("reports every engine up with a round-trip time, and the app version", async () => {
    const caller = createCaller(createInnerContext({ engines }));
    const report = await caller.health.status();
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const [name, engine] of Object.entries(report.engines)) {
      expect(engine.state, `${name}: ${engine.detail ?? ""}`).toBe("up");
      expect(engine.roundTripMs).toBeGreaterThanOrEqual(0);
    }
    expect(report.status).toBe("ok");
  });

  it("says down when PostgreSQL does not answer", async () => {
    const { createPostgresClients } = await import("@/server/clients/postgres");
    const unreachable = createPostgresClients("postgresql://postgres@127.0.0.1:1/nowhere", 1);
    try {
      const caller = createCaller(createInnerContext({ engines: { ...engines, postgres: unreachable } }));
      const report = await caller.health.status();
      expect(report.engines.postgres.state).toBe("down");
      expect(report.status).toBe("down");
    } finally {
      await unreachable.pool.end();
    }
  });
});
