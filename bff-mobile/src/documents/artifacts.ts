import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { printSchema, type GraphQLSchema } from "graphql";
import { buildManifest, manifestText } from "./manifest.js";
import { readOperationFiles } from "./operation-files.js";
import { generateOperationTypes } from "./typegen.js";

/** The bff-mobile package directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The committed files derived from the schema and the operations (paths relative to the package). */
export const ARTIFACT_PATHS = {
  schema: "schema.graphql",
  manifest: "operations/manifest.json",
  types: "src/generated/operations.ts",
} as const;

/** One generated file and its expected content. */
export interface Artifact {
  /** Relative to the package root. */
  readonly path: string;
  readonly content: string;
}

/**
 * Everything `npm run operations -w bff-mobile` writes: the printed SDL, the trusted-documents
 * manifest and the typed documents. Pure: reads the operation files, writes nothing.
 */
export async function buildArtifacts(schema: GraphQLSchema, root: string = PACKAGE_ROOT): Promise<Artifact[]> {
  const operations = await readOperationFiles(join(root, "operations"));
  return [
    { path: ARTIFACT_PATHS.schema, content: `${printSchema(schema)}\n` },
    { path: ARTIFACT_PATHS.manifest, content: manifestText(buildManifest(operations)) },
    { path: ARTIFACT_PATHS.types, content: generateOperationTypes(schema, operations) },
  ];
}

/**
 * The artifacts whose committed content differs from what {@link buildArtifacts} makes now (paths
 * relative to `root`); empty when `npm run operations -w bff-mobile` would change nothing.
 */
export async function staleArtifacts(schema: GraphQLSchema, root: string = PACKAGE_ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const artifact of await buildArtifacts(schema, root)) {
    const committed = await readFile(join(root, artifact.path), "utf8").catch(() => undefined);
    if (committed !== artifact.content) stale.push(artifact.path);
  }
  return stale;
}
