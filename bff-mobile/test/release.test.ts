import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ARTIFACT_PATHS, buildArtifacts, PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { releaseOperations } from "../src/documents/release.js";
import { readReleasedVersions, RELEASED_PATH } from "../src/documents/released-operations.js";
import { schema } from "../src/schema/index.js";

// One graphql realm: see single-graphql-realm.ts.
vi.mock("graphql", async () => (await import("./single-graphql-realm.js")).commonJsGraphQL());

/** A copy of the package's operation files with freshly generated artifacts, in a temporary folder. */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "bff-mobile-release-"));
  const operations = join(root, "operations");
  await mkdir(operations);
  for (const file of await readdir(join(PACKAGE_ROOT, "operations"))) {
    if (file.endsWith(".graphql")) await cp(join(PACKAGE_ROOT, "operations", file), join(operations, file));
  }
  for (const artifact of await buildArtifacts(schema, root)) {
    await mkdir(dirname(join(root, artifact.path)), { recursive: true });
    await writeFile(join(root, artifact.path), artifact.content);
  }
});
afterEach(() => rm(root, { recursive: true, force: true }));

const released = (version: string) => join(root, RELEASED_PATH, version);

describe("npm run operations:release -w bff-mobile -- <version>", () => {
  it("when the artifacts are current, then the manifest and the schema are frozen under operations/released/<version>", async () => {
    expect(await releaseOperations({ version: "1.4.0", schema, root })).toBe(released("1.4.0"));

    for (const [frozen, current] of [["manifest.json", ARTIFACT_PATHS.manifest], ["schema.graphql", ARTIFACT_PATHS.schema]] as const) {
      expect(await readFile(join(released("1.4.0"), frozen), "utf8")).toBe(await readFile(join(root, current), "utf8"));
    }
    const [version] = await readReleasedVersions(join(root, RELEASED_PATH));
    expect(version?.manifest.operations.map((o) => o.name)).toContain("Home");
  });

  it("when the version is already released, then it is refused and the release stays as it was", async () => {
    await releaseOperations({ version: "1.4.0", schema, root });
    const before = await readFile(join(released("1.4.0"), "manifest.json"), "utf8");
    await appendFile(join(root, "operations", "home.graphql"), "\n");
    for (const artifact of await buildArtifacts(schema, root)) await writeFile(join(root, artifact.path), artifact.content);

    await expect(releaseOperations({ version: "1.4.0", schema, root })).rejects.toThrow(
      /1\.4\.0 is already released \(operations\/released\/1\.4\.0\): a release is never changed/,
    );
    expect(await readFile(join(released("1.4.0"), "manifest.json"), "utf8")).toBe(before);
  });

  it("when the name is not an app version, then it is refused and nothing is written", async () => {
    for (const version of ["1.0", "v1.0.0", "1.0.0+512", "../1.0.0", "01.0.0", ""]) {
      await expect(releaseOperations({ version, schema, root }), version).rejects.toThrow(/is not an app version name: expected MAJOR\.MINOR\.PATCH/);
    }
    await expect(readdir(join(root, RELEASED_PATH))).rejects.toThrow(/ENOENT/);
  });

  it("when an operation file changed since the artifacts were generated, then it is refused naming the stale artifacts", async () => {
    await appendFile(join(root, "operations", "home.graphql"), "\n");

    await expect(releaseOperations({ version: "1.4.0", schema, root })).rejects.toThrow(
      "stale artifacts (operations/manifest.json, src/generated/operations.ts): run npm run operations -w bff-mobile, commit, then release",
    );
    await expect(readdir(join(root, RELEASED_PATH))).rejects.toThrow(/ENOENT/);
  });
});
