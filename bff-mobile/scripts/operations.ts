// Writes schema.graphql, operations/manifest.json and src/generated/operations.ts.
// Run: npm run operations -w bff-mobile
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { buildArtifacts, PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { schema } from "../src/schema/index.js";

for (const artifact of await buildArtifacts(schema)) {
  const target = join(PACKAGE_ROOT, artifact.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, artifact.content);
  console.log(`wrote ${artifact.path}`);
}
