import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ChangeType, CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import { buildSchema, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { operationUsage, type OperationUsage } from "./operation-usage.js";
import { readSupportedVersions, RELEASED_FILES, type ReleasedVersion } from "./released-operations.js";

/** What {@link checkSupportedVersions} checks. */
export interface SupportedVersionsCheckOptions {
  /** The mobile schema as it is now (or as a change proposes it). */
  readonly schema: GraphQLSchema;
  /** The folder of released versions (operations/released). */
  readonly releasedDir: string;
  /** Versions not checked: no app in use sends them any more. @default [] */
  readonly retired?: readonly string[];
}

/** One way a supported app version breaks, or may break. */
export interface VersionProblem {
  readonly version: string;
  /** The operation's name; absent for a problem of the release as a whole. */
  readonly operation?: string;
  readonly message: string;
}

/** The outcome of {@link checkSupportedVersions}. */
export interface SupportedVersionsCheck {
  /** The versions checked (supported), oldest first. */
  readonly checked: readonly string[];
  /** Released but retired, so not checked. */
  readonly retired: readonly string[];
  /** The operation no longer validates, or the schema changed under it in a breaking way. */
  readonly failures: readonly VersionProblem[];
  /** A change the app may not expect (a new enum value or union member it reads, a new default). */
  readonly warnings: readonly VersionProblem[];
}

/** "1.0.0 Home: Cannot query field …" */
export function formatProblem(problem: VersionProblem): string {
  return `${problem.version}${problem.operation ? ` ${problem.operation}` : ""}: ${problem.message}`;
}

/**
 * Does every operation of every supported released version still work on `schema`?
 *
 * 1. It must validate against `schema` with the standard rules: removed fields, arguments and
 *    types, new required arguments, fragments on types that left a union, variables in positions
 *    their type no longer fits.
 * 2. What validation cannot see, because it lies in the values the app sends or reads at run time,
 *    comes from `@graphql-inspector/core`'s diff between the schema the version was released with
 *    (its schema.graphql) and `schema`, kept only where the operation is affected: a selected
 *    field's type changed (e.g. non-null became nullable); an input object the app builds in its
 *    variables gained a required field, lost a field, or changed a field's type; an enum the app
 *    sends or reads lost a value. Those are failures. Dangerous changes (a new value of an enum it
 *    reads, a new member of a union it reads, a new default of an argument it leaves out) are
 *    warnings.
 */
export async function checkSupportedVersions(options: SupportedVersionsCheckOptions): Promise<SupportedVersionsCheck> {
  const { supported, retired } = await readSupportedVersions(options.releasedDir, options.retired);
  const failures: VersionProblem[] = [];
  const warnings: VersionProblem[] = [];
  for (const release of supported) {
    const baseline = await releasedSchema(release);
    if (typeof baseline === "string") failures.push({ version: release.version, message: baseline });
    const changes = typeof baseline === "string" ? [] : await diff(baseline, options.schema);
    for (const operation of release.manifest.operations) {
      const at = { version: release.version, operation: operation.name };
      let document: DocumentNode;
      try {
        document = parse(operation.body);
      } catch (error) {
        failures.push({ ...at, message: (error as Error).message });
        continue;
      }
      for (const error of validate(options.schema, document)) failures.push({ ...at, message: error.message });
      if (typeof baseline === "string") continue;
      const usage = operationUsage(baseline, document);
      for (const change of changes) {
        const bearing = bearingOn(change, usage);
        if (!bearing) continue;
        const problem = { ...at, message: `${change.message} (${bearing})` };
        if (change.criticality.level === CriticalityLevel.Breaking) failures.push(problem);
        else if (change.criticality.level === CriticalityLevel.Dangerous) warnings.push(problem);
      }
    }
  }
  return { checked: supported.map((r) => r.version), retired, failures, warnings };
}

/** The schema a version was released with, or why there is none. */
async function releasedSchema(release: ReleasedVersion): Promise<GraphQLSchema | string> {
  const path = join(release.dir, RELEASED_FILES.schema);
  let sdl: string;
  try {
    sdl = await readFile(path, "utf8");
  } catch {
    return `${path} is missing: the semantic check needs the schema this version was built against ` +
      "(npm run operations:release writes it; for an older release take bff-mobile/schema.graphql from its commit)";
  }
  try {
    return buildSchema(sdl);
  } catch (error) {
    return `${path}: ${(error as Error).message}`;
  }
}

/**
 * Why `change` concerns an operation that uses `usage` (coordinates in its released schema), or
 * undefined when it does not. Only run-time effects are judged here; the document itself is
 * validation's job.
 */
function bearingOn(change: Change, usage: OperationUsage): string | undefined {
  const meta = change.meta as Record<string, string>;
  const field = `${meta["typeName"]}.${meta["fieldName"]}`;
  switch (change.type) {
    case ChangeType.FieldTypeChanged:
      return usage.fields.has(field) ? "the operation selects it" : undefined;
    case ChangeType.FieldArgumentDefaultChanged:
      return usage.fields.has(field) && !usage.arguments.has(`${field}.${meta["argumentName"]}`)
        ? `the operation leaves ${meta["argumentName"]} to its default`
        : undefined;
    case ChangeType.InputFieldAdded:
    case ChangeType.InputFieldRemoved:
    case ChangeType.InputFieldTypeChanged:
    case ChangeType.InputFieldDefaultValueChanged:
      return usage.sentInputTypes.has(meta["inputName"]!) ? `the app sends ${meta["inputName"]} in its variables` : undefined;
    case ChangeType.EnumValueRemoved:
      if (usage.sentEnums.has(meta["enumName"]!)) return `the app may send it in its variables`;
      return usage.readEnums.has(meta["enumName"]!) ? `the app reads ${meta["enumName"]} and knows this value` : undefined;
    case ChangeType.EnumValueAdded:
      return usage.readEnums.has(meta["enumName"]!) ? `the app reads ${meta["enumName"]} and does not know the new value` : undefined;
    case ChangeType.UnionMemberAdded:
      return usage.readAbstractTypes.has(meta["unionName"]!) ? `the app reads ${meta["unionName"]} and does not know the new type` : undefined;
    case ChangeType.ObjectTypeInterfaceAdded:
      return usage.readAbstractTypes.has(meta["addedInterfaceName"]!)
        ? `the app reads ${meta["addedInterfaceName"]} and does not know the new type`
        : undefined;
    default:
      return undefined;
  }
}
