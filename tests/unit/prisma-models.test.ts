import { describe, expect, it } from "vitest";
import { parsePrismaModels } from "@/scripts/db/prisma-models";

describe("parsePrismaModels", () => {
  it("reads table, schema and mapped scalar columns, skipping relations", () => {
    const models = parsePrismaModels(`
model Guild {
  guildId   BigInt  @id @default(autoincrement()) @map("guild_id")
  guildName String  @unique @map("guild_name") @db.VarChar(100)
  level     Int?    @default(1)
  members   GuildMember[]
  leader    Character @relation(fields: [leaderId], references: [characterId])
  // a comment line
  position  Unsupported("cube")?
  @@map("guilds")
  @@schema("game_data")
}
`);
    expect(models).toEqual([
      {
        name: "Guild",
        table: "guilds",
        schema: "game_data",
        fields: [
          { column: "guild_id", type: "BigInt" },
          { column: "guild_name", type: "String" },
          { column: "level", type: "Int" },
          { column: "position", type: "Unsupported" },
        ],
      },
    ]);
  });
});
