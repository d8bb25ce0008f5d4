import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildArtifacts, PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { documentsByHash } from "../src/documents/manifest.js";
import { schema } from "../src/schema/index.js";

// One graphql realm: see single-graphql-realm.ts.
vi.mock("graphql", async () => (await import("./single-graphql-realm.js")).commonJsGraphQL());

describe("committed artifacts", () => {
  it("when the schema or the operations change, then schema.graphql, the manifest and the typed documents are regenerated (npm run operations -w bff-mobile)", async () => {
    for (const artifact of await buildArtifacts(schema)) {
      const committed = await readFile(join(PACKAGE_ROOT, artifact.path), "utf8").catch(() => "<missing>");
      expect(committed, `${artifact.path} is stale: run npm run operations -w bff-mobile`).toBe(artifact.content);
    }
  });

  it("when the manifest is read, then every entry's id is the sha256 of its body", async () => {
    const manifest = JSON.parse(await readFile(join(PACKAGE_ROOT, "operations/manifest.json"), "utf8"));
    const documents = documentsByHash(manifest);
    expect(documents.size).toBe(manifest.operations.length);
    const tampered = { ...manifest, operations: [{ ...manifest.operations[0], body: "query X { products { nodes { id } } }" }] };
    expect(() => documentsByHash(tampered)).toThrow(/not the sha256 of its body/);
  });
});
