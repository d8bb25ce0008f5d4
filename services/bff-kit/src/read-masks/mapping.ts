import type { GraphQLSchema } from "graphql";
// `graphql/index.js`, not `graphql`: the same copy of graphql as the Pothos-built schema (see README).
import { isObjectType } from "graphql/index.js";

/**
 * How one GraphQL object type reads its backend entity: the entity it is served from and, per
 * GraphQL field, the proto field paths (AIP-157 FieldMask paths, relative to the entity) the
 * field's resolver needs. A type nested inside an entity (an order's line) maps to that parent
 * entity with nested paths (`lines.quantity`).
 */
export interface ReadMaskTypeMapping<E extends string> {
  /** The backend entity whose read mask the type's fields add to, e.g. "product". */
  readonly entity: E;
  /**
   * Every field of the GraphQL type, with the proto paths it reads; `[]` when it reads none
   * (`id`, which is always returned, or a field served by another RPC such as a connection).
   */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

/**
 * A BFF's GraphQL object types (by name) mapped to their backend entities. Types left out
 * (pages, connections, edges, money, payloads) add no paths, but selections through them are
 * still followed to the mapped types below.
 */
export type ReadMaskMapping<E extends string> = Readonly<Record<string, ReadMaskTypeMapping<E>>>;

/** A proto field path: lower_snake_case field names (buf lint STANDARD) joined by dots. */
const FIELD_PATH = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** The mapping of a GraphQL type, or undefined when it is not mapped (own keys only, so "constructor" is not a type). */
export function typeMappingOf<E extends string>(mapping: ReadMaskMapping<E>, typeName: string): ReadMaskTypeMapping<E> | undefined {
  return Object.hasOwn(mapping, typeName) ? mapping[typeName] : undefined;
}

/** The paths a field of a mapped type declares, or undefined when the mapping does not declare it. */
export function declaredPathsOf<E extends string>(typeMapping: ReadMaskTypeMapping<E>, fieldName: string): readonly string[] | undefined {
  return Object.hasOwn(typeMapping.fields, fieldName) ? typeMapping.fields[fieldName] : undefined;
}

/**
 * What is wrong with a mapping against the schema, one sentence each; empty when nothing is.
 * Every mapped type must be an object type of the schema, every one of its fields must be
 * declared (an undeclared field would let a mask leave out what its resolver reads), every
 * declared field must exist, and every path must look like a proto field path. A BFF asserts
 * this is empty in a test, so adding a GraphQL field without declaring its paths fails the build.
 */
export function mappingProblems<E extends string>(schema: GraphQLSchema, mapping: ReadMaskMapping<E>): string[] {
  const problems: string[] = [];
  for (const [typeName, typeMapping] of Object.entries(mapping)) {
    const type = schema.getType(typeName);
    if (type === undefined || type === null) {
      problems.push(`${typeName} is mapped, but the schema has no type of that name`);
      continue;
    }
    if (!isObjectType(type)) {
      problems.push(`${typeName} is mapped, but it is not an object type: map the object types that implement or belong to it`);
      continue;
    }
    const schemaFields = type.getFields();
    for (const fieldName of Object.keys(schemaFields)) {
      if (declaredPathsOf(typeMapping, fieldName) === undefined) {
        problems.push(`${typeName}.${fieldName} is not declared: list the proto paths it reads ([] for none)`);
      }
    }
    for (const [fieldName, paths] of Object.entries(typeMapping.fields)) {
      if (!Object.hasOwn(schemaFields, fieldName)) problems.push(`${typeName}.${fieldName} is declared, but ${typeName} has no such field`);
      for (const path of paths) {
        if (!FIELD_PATH.test(path)) problems.push(`${typeName}.${fieldName} declares "${path}", which is not a proto field path (lower_snake_case names joined by ".")`);
      }
    }
  }
  return problems;
}
