import "dotenv/config";
import { defineConfig } from "prisma/config";

// Prisma is used for the client only. Migrations are our own SQL files under prisma/migrations,
// applied by scripts/db/migrate.ts, because the Prisma CLI's schema engine cannot be downloaded here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/bluemarble" },
});
