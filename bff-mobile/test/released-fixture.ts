import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildManifest, manifestText } from "../src/documents/manifest.js";
import { operationFromText } from "../src/documents/operation-files.js";
import { RELEASED_FILES } from "../src/documents/released-operations.js";

/** A temporary operations/released folder that a test fills with app versions. */
export interface ReleasedFixture {
  readonly dir: string;
  /**
   * Adds version `version` with these operation documents (one named operation each) and, unless
   * null, the schema SDL it was released with.
   */
  add(version: string, documents: readonly string[], schemaSdl: string | null): Promise<void>;
  remove(): Promise<void>;
}

export async function releasedFixture(): Promise<ReleasedFixture> {
  const dir = await mkdtemp(join(tmpdir(), "bff-mobile-released-"));
  return {
    dir,
    async add(version, documents, schemaSdl) {
      const versionDir = join(dir, version);
      await mkdir(versionDir, { recursive: true });
      const manifest = buildManifest(documents.map((body, i) => operationFromText(`${i}.graphql`, body)));
      await writeFile(join(versionDir, RELEASED_FILES.manifest), manifestText(manifest));
      if (schemaSdl !== null) await writeFile(join(versionDir, RELEASED_FILES.schema), schemaSdl);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
