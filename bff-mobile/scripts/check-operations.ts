// Checks that every supported released app version still works on the mobile schema
// (src/documents/supported-versions.ts). Exit code 1 on any failure; warnings do not fail.
// Run: npm run operations:check -w bff-mobile [-- --schema <file.graphql>] [--retired 1.0.0,1.1.0]
//   --schema   check this SDL instead of the schema the server builds (e.g. a proposed change)
//   --retired  versions not to check (what MOBILE_RETIRED_APP_VERSIONS retires in production)
import { join } from "node:path";
import { PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { RELEASED_PATH } from "../src/documents/released-operations.js";
import { checkSupportedVersions, formatProblem } from "../src/documents/supported-versions.js";
import { readCliOptions } from "./cli-options.js";

const { schema, schemaName, retired } = await readCliOptions("npm run operations:check -w bff-mobile [-- --schema <file.graphql>] [--retired <v1,v2>]");
const result = await checkSupportedVersions({ schema, releasedDir: join(PACKAGE_ROOT, RELEASED_PATH), retired });
for (const warning of result.warnings) console.log(`⚠ ${formatProblem(warning)}`);
for (const failure of result.failures) console.error(`✘ ${formatProblem(failure)}`);
const versions = result.checked.length > 0 ? result.checked.join(", ") : "none";
const skipped = result.retired.length > 0 ? `; retired, not checked: ${result.retired.join(", ")}` : "";
if (result.failures.length > 0) {
  console.error(
    `✘ operations:check: ${result.failures.length} problem(s) for app versions in use (checked ${versions}${skipped}) against ${schemaName}. ` +
      "Keep what they use (deprecate it instead: npm run operations:deprecations -w bff-mobile), or retire the version " +
      "(delete operations/released/<version>/) once no app in use runs it.",
  );
  process.exit(1);
}
console.log(`✔ operations:check: every supported app version works on ${schemaName} (checked ${versions}${skipped})`);
