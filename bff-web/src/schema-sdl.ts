// `graphql/index.js`, not `graphql`: the schema is built by Pothos with the copy of graphql Node
// loads (index.js); under vitest a bare `graphql` import from source would be another copy.
import { printSchema } from "graphql/index.js";
import { schema } from "./schema/index.js";

/** The SDL committed as bff-web/schema.graphql (sorted, so it diffs well). */
export function printWebSchema(): string {
  return `${printSchema(schema)}\n`;
}
