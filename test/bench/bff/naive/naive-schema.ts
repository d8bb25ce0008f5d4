import { readFileSync } from "node:fs";
import { buildSchema, isObjectType, type GraphQLSchema } from "graphql";
import { naiveResolvers } from "./naive-resolvers.js";

/** bff-web's printed schema: the naive BFF serves exactly the same SDL. */
export const WEB_SCHEMA_PATH = new URL("../../../../bff-web/schema.graphql", import.meta.url);

/** bff-web's SDL with the naive resolvers attached (plain graphql-js, no graphql-tools). */
export function buildNaiveSchema(sdl: string = readFileSync(WEB_SCHEMA_PATH, "utf8")): GraphQLSchema {
  const schema = buildSchema(sdl);
  for (const [typeName, fields] of Object.entries(naiveResolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`naive resolvers name ${typeName}, which is not an object type of the schema`);
    const defined = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = defined[fieldName];
      if (!field) throw new Error(`naive resolvers name ${typeName}.${fieldName}, which the schema does not have`);
      field.resolve = resolve;
    }
  }
  return schema;
}
