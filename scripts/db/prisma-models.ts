/** A small reader of prisma/schema.prisma: which table and columns each model maps to (used by the drift test). */
export interface ModelField {
  column: string;
  type: string;
}
export interface Model {
  name: string;
  table: string;
  schema: string;
  fields: ModelField[];
}

const scalarTypes = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

export function parsePrismaModels(source: string): Model[] {
  const models: Model[] = [];
  for (const match of source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, name, body] = match as unknown as [string, string, string];
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const schema = /@@schema\("([^"]+)"\)/.exec(body)?.[1] ?? "public";
    const fields: ModelField[] = [];
    for (const rawLine of body.split("\n")) {
      const line = rawLine.replace(/\/\/.*$/, "").trim();
      if (!line || line.startsWith("@@")) continue;
      const fieldMatch = /^(\w+)\s+(\w+(?:\([^)]*\))?)(\[\])?\??(.*)$/.exec(line);
      if (!fieldMatch) continue;
      const [, fieldName, type, , attributes] = fieldMatch as unknown as [string, string, string, string, string];
      const baseType = type.replace(/\(.*\)$/, "");
      if (!scalarTypes.has(baseType) && baseType !== "Unsupported") continue; // relation field
      const column = /@map\("([^"]+)"\)/.exec(attributes ?? "")?.[1] ?? fieldName;
      fields.push({ column, type: baseType });
    }
    models.push({ name, table, schema, fields });
  }
  return models;
}
