import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { documentsByHash, readManifest, type OperationManifest } from "./manifest.js";
import { compareVersionNames, isVersionName, VERSION_NAME_FORMAT } from "./version-names.js";

/** The released operation sets, relative to the package root: one folder per app version. */
export const RELEASED_PATH = "operations/released";

/** The files of one released version's folder. */
export const RELEASED_FILES = {
  /** The trusted documents of that app version (Apollo manifest format), frozen. */
  manifest: "manifest.json",
  /** The schema that app version was built against: the baseline of the semantic check. */
  schema: "schema.graphql",
} as const;

/** One app version whose trusted documents were frozen by `npm run operations:release`. */
export interface ReleasedVersion {
  /** e.g. "1.0.0" (the folder's name). */
  readonly version: string;
  /** The version's folder. */
  readonly dir: string;
  /** Its trusted documents, as released. */
  readonly manifest: OperationManifest;
}

/**
 * Every released version under `releasedDir`, oldest first; none when the folder does not exist.
 * Throws, naming the folder, on a folder whose name is not a version or whose manifest is missing
 * or does not check out (a broken release must stop the server and the check, not be skipped).
 */
export async function readReleasedVersions(releasedDir: string): Promise<ReleasedVersion[]> {
  const entries = await readdir(releasedDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const versions: ReleasedVersion[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(releasedDir, entry.name);
    if (!isVersionName(entry.name)) throw new Error(`${dir}: not an app version name (${VERSION_NAME_FORMAT})`);
    versions.push({ version: entry.name, dir, manifest: await readManifest(join(dir, RELEASED_FILES.manifest)) });
  }
  return versions.sort((a, b) => compareVersionNames(a.version, b.version));
}

/** The released versions split by a retired list. */
export interface SupportedVersions {
  /** Released and not retired, oldest first. */
  readonly supported: readonly ReleasedVersion[];
  /** Released and retired. */
  readonly retired: readonly string[];
  /** Named as retired but not released (a typo, or a folder already deleted). */
  readonly unknownRetired: readonly string[];
}

/** Reads the released versions and sets the retired ones apart. */
export async function readSupportedVersions(releasedDir: string, retired: readonly string[] = []): Promise<SupportedVersions> {
  const released = await readReleasedVersions(releasedDir);
  const isRetired = new Set(retired);
  const names = new Set(released.map((r) => r.version));
  return {
    supported: released.filter((r) => !isRetired.has(r.version)),
    retired: released.filter((r) => isRetired.has(r.version)).map((r) => r.version),
    unknownRetired: [...isRetired].filter((v) => !names.has(v)),
  };
}

/** Where the server's trusted documents come from. */
export interface TrustedDocumentSources {
  /** The current `operations/manifest.json` (the app being built now). */
  readonly manifestPath: string;
  /** The folder of released versions. */
  readonly releasedDir: string;
  /** Versions whose documents are no longer accepted. @default [] */
  readonly retired?: readonly string[];
}

/** The trusted documents a server accepts and where they came from. */
export interface TrustedDocumentSet extends Omit<SupportedVersions, "supported"> {
  /** By sha256 hash: the current manifest's plus every supported version's (a union). */
  readonly documents: ReadonlyMap<string, string>;
  /** The supported versions, oldest first. */
  readonly supported: readonly string[];
}

/**
 * The documents of the current manifest plus those of every supported released version. A hash
 * shared by several versions is one entry (its body is the same by definition); a hash only a
 * retired version has is not accepted.
 */
export async function loadTrustedDocuments(sources: TrustedDocumentSources): Promise<TrustedDocumentSet> {
  const { supported, retired, unknownRetired } = await readSupportedVersions(sources.releasedDir, sources.retired);
  const documents = new Map(documentsByHash(await readManifest(sources.manifestPath)));
  for (const release of supported) {
    for (const [hash, body] of documentsByHash(release.manifest)) documents.set(hash, body);
  }
  return { documents, supported: supported.map((r) => r.version), retired, unknownRetired };
}
