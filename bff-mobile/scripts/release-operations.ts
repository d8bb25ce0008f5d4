// Freezes the current trusted documents (operations/manifest.json) and schema.graphql as an app
// version under operations/released/<version>/.
// Run: npm run operations:release -w bff-mobile -- <version>      e.g. -- 1.4.0
import { relative } from "node:path";
import { PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { releaseOperations, ReleaseError } from "../src/documents/release.js";
import { schema } from "../src/schema/index.js";

const [version, ...extra] = process.argv.slice(2);
if (!version || extra.length > 0) {
  console.error("usage: npm run operations:release -w bff-mobile -- <version>   (e.g. 1.4.0)");
  process.exit(2);
}
try {
  const dir = await releaseOperations({ version, schema });
  console.log(`✔ released ${version}: ${relative(PACKAGE_ROOT, dir)}/ (manifest.json, schema.graphql); commit it with the app's release`);
} catch (error) {
  if (!(error instanceof ReleaseError)) throw error;
  console.error(`✘ operations:release: ${error.message}`);
  process.exit(1);
}
