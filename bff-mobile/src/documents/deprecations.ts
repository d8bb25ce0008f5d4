import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse, type GraphQLSchema } from "graphql";
import type { OperationManifest } from "./manifest.js";
import { operationUsage, type OperationUsage } from "./operation-usage.js";

/** One deprecated element of the schema and who still depends on it. */
export interface Deprecation {
  /** Schema coordinate: `Type.field`, `Type.field(argument:)`, `Enum.VALUE` or `Input.field`. */
  readonly coordinate: string;
  readonly kind: "field" | "argument" | "enum value" | "input field";
  /** The `@deprecated(reason:)`. */
  readonly reason: string;
  /** Operations that use it, by app version ("current" for operations/manifest.json). */
  readonly usedBy: readonly { readonly version: string; readonly operation: string }[];
}

/** A set of operations to look through, e.g. one released version. */
export interface OperationSet {
  readonly version: string;
  readonly manifest: OperationManifest;
}

interface Candidate {
  readonly coordinate: string;
  readonly kind: Deprecation["kind"];
  readonly reason: string;
  /** True when an operation with this usage depends on the element. */
  readonly usedIn: (usage: OperationUsage) => boolean;
}

/**
 * Every `@deprecated` field, argument, enum value and input field of `schema`, each with the
 * operations of `sets` that use it. An enum value counts as used by every operation that sends or
 * reads its enum (the app may send or receive it), an input field by every operation that builds
 * its input type in variables. Operations are walked against `schema` itself; what it no longer
 * has is the check's business (supported-versions.ts), not this report's.
 */
export function findDeprecations(schema: GraphQLSchema, sets: readonly OperationSet[]): Deprecation[] {
  const candidates = deprecatedElements(schema);
  if (candidates.length === 0) return [];
  const usedBy = new Map<string, { version: string; operation: string }[]>(candidates.map((c) => [c.coordinate, []]));
  for (const set of sets) {
    for (const operation of set.manifest.operations) {
      const usage = operationUsage(schema, parse(operation.body));
      for (const candidate of candidates) {
        if (candidate.usedIn(usage)) usedBy.get(candidate.coordinate)!.push({ version: set.version, operation: operation.name });
      }
    }
  }
  return candidates.map(({ usedIn: _, ...c }) => ({ ...c, usedBy: usedBy.get(c.coordinate)! }));
}

function deprecatedElements(schema: GraphQLSchema): Candidate[] {
  const found: Candidate[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const key = `${type.name}.${field.name}`;
        if (field.deprecationReason != null) {
          found.push({ coordinate: key, kind: "field", reason: field.deprecationReason, usedIn: (u) => u.fields.has(key) });
        }
        for (const arg of field.args) {
          if (arg.deprecationReason == null) continue;
          const argKey = `${key}.${arg.name}`;
          found.push({ coordinate: `${key}(${arg.name}:)`, kind: "argument", reason: arg.deprecationReason, usedIn: (u) => u.arguments.has(argKey) });
        }
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (value.deprecationReason == null) continue;
        const key = `${type.name}.${value.name}`;
        const usedIn = (u: OperationUsage) => u.enumLiterals.has(key) || u.sentEnums.has(type.name) || u.readEnums.has(type.name);
        found.push({ coordinate: key, kind: "enum value", reason: value.deprecationReason, usedIn });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason == null) continue;
        const key = `${type.name}.${field.name}`;
        const usedIn = (u: OperationUsage) => u.inputFieldLiterals.has(key) || u.sentInputTypes.has(type.name);
        found.push({ coordinate: key, kind: "input field", reason: field.deprecationReason, usedIn });
      }
    }
  }
  return found.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}

/** The report as text: one block per deprecated element, saying who uses it or that nothing does. */
export function formatDeprecations(deprecations: readonly Deprecation[]): string {
  if (deprecations.length === 0) return "Nothing in the mobile schema is deprecated.\n";
  const lines: string[] = [];
  for (const d of deprecations) {
    lines.push(`${d.coordinate} (${d.kind}, deprecated: ${d.reason})`);
    if (d.usedBy.length === 0) {
      lines.push("  used by no operation looked at (supported versions, current operations): it can be removed");
      continue;
    }
    const byVersion = new Map<string, string[]>();
    for (const u of d.usedBy) byVersion.set(u.version, [...(byVersion.get(u.version) ?? []), u.operation]);
    for (const [version, operations] of byVersion) lines.push(`  ${version}: ${operations.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}
