import { readFile } from "node:fs/promises";
import { documentHash, type OperationFile } from "./operation-files.js";

/** One entry of the manifest: a trusted document and its hash. */
export interface ManifestOperation {
  /** sha256 hex of `body`. */
  readonly id: string;
  /** Operation name. */
  readonly name: string;
  /** "query" or "mutation". */
  readonly type: string;
  /** The exact document text. */
  readonly body: string;
}

/**
 * The trusted-documents manifest, in the Apollo persisted-query manifest format
 * (`apollo-persisted-query-manifest`, version 1), so common client tooling can read it.
 */
export interface OperationManifest {
  readonly format: "apollo-persisted-query-manifest";
  readonly version: 1;
  readonly operations: readonly ManifestOperation[];
}

/** Builds the manifest of a set of operation files (in their given order). */
export function buildManifest(operations: readonly OperationFile[]): OperationManifest {
  return {
    format: "apollo-persisted-query-manifest",
    version: 1,
    operations: operations.map((o) => ({ id: o.sha256Hash, name: o.name, type: o.type, body: o.body })),
  };
}

/** The manifest as committed: pretty JSON with a trailing newline. */
export function manifestText(manifest: OperationManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Checks a parsed manifest's shape and returns its documents by hash; throws on anything odd. */
export function documentsByHash(manifest: unknown): ReadonlyMap<string, string> {
  const m = manifest as Partial<OperationManifest> | null;
  if (!m || m.format !== "apollo-persisted-query-manifest" || m.version !== 1 || !Array.isArray(m.operations)) {
    throw new Error("not an apollo-persisted-query-manifest version 1");
  }
  const byHash = new Map<string, string>();
  for (const op of m.operations) {
    if (typeof op?.id !== "string" || typeof op.body !== "string") {
      throw new Error("manifest operation without a string id and body");
    }
    if (documentHash(op.body) !== op.id) throw new Error(`manifest operation ${op.name}: id is not the sha256 of its body`);
    byHash.set(op.id, op.body);
  }
  return byHash;
}

/** Reads a manifest file and checks it (see {@link documentsByHash}); throws naming the file. */
export async function readManifest(path: string): Promise<OperationManifest> {
  const text = await readFile(path, "utf8");
  try {
    const manifest: unknown = JSON.parse(text);
    documentsByHash(manifest);
    return manifest as OperationManifest;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** Reads a committed manifest file and returns its documents by hash (see {@link documentsByHash}). */
export async function readTrustedDocuments(path: string): Promise<ReadonlyMap<string, string>> {
  return documentsByHash(await readManifest(path));
}
