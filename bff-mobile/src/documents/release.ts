import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { GraphQLSchema } from "graphql";
import { ARTIFACT_PATHS, PACKAGE_ROOT, staleArtifacts } from "./artifacts.js";
import { RELEASED_FILES, RELEASED_PATH } from "./released-operations.js";
import { isVersionName, VERSION_NAME_FORMAT } from "./version-names.js";

/** What {@link releaseOperations} freezes, and where. */
export interface ReleaseOptions {
  /** The app version, e.g. "1.4.0" (see version-names.ts). */
  readonly version: string;
  /** The schema the server serves now (its printed SDL must equal the committed schema.graphql). */
  readonly schema: GraphQLSchema;
  /** The package root holding operations/ and the committed artifacts. @default bff-mobile */
  readonly root?: string;
  /** Where released versions live. @default <root>/operations/released */
  readonly releasedDir?: string;
}

/** A refused release: the message says why and what to do. */
export class ReleaseError extends Error {
  override readonly name = "ReleaseError";
}

/**
 * Freezes the current trusted documents as app version `version`: copies operations/manifest.json
 * and schema.graphql into `<releasedDir>/<version>/`. Refuses an invalid name, a version already
 * released (a release is never rewritten), and artifacts that are stale against the operation
 * files or the schema (what is frozen must be what the app is built from). Returns the new folder.
 */
export async function releaseOperations(options: ReleaseOptions): Promise<string> {
  const { version, schema, root = PACKAGE_ROOT } = options;
  const releasedDir = options.releasedDir ?? join(root, RELEASED_PATH);
  if (!isVersionName(version)) throw new ReleaseError(`"${version}" is not an app version name: expected ${VERSION_NAME_FORMAT}`);
  const stale = await staleArtifacts(schema, root);
  if (stale.length > 0) {
    throw new ReleaseError(`stale artifacts (${stale.join(", ")}): run npm run operations -w bff-mobile, commit, then release`);
  }
  const dir = join(releasedDir, version);
  await mkdir(releasedDir, { recursive: true });
  // Not recursive: fails with EEXIST if the version exists, even when two releases race.
  await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") throw new ReleaseError(`${version} is already released (${relative(root, dir)}): a release is never changed; choose a new version`);
    throw error;
  });
  try {
    for (const [source, target] of [[ARTIFACT_PATHS.manifest, RELEASED_FILES.manifest], [ARTIFACT_PATHS.schema, RELEASED_FILES.schema]] as const) {
      await writeFile(join(dir, target), await readFile(join(root, source)));
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}
