import { z } from "zod";

/** Input of the economy dashboard: how many days of history to chart. */
export const economyDashboardInput = z.object({ days: z.number().int().min(1).max(365).default(30) });
export type EconomyDashboardInput = z.input<typeof economyDashboardInput>;
