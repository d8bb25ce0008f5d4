// Lists every @deprecated field, argument, enum value and input field of the mobile schema with
// the supported app versions (and the current operations) that still use it.
// Run: npm run operations:deprecations -w bff-mobile [-- --schema <file.graphql>] [--retired 1.0.0,1.1.0]
import { join } from "node:path";
import { ARTIFACT_PATHS, PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { findDeprecations, formatDeprecations } from "../src/documents/deprecations.js";
import { readManifest } from "../src/documents/manifest.js";
import { readSupportedVersions, RELEASED_PATH } from "../src/documents/released-operations.js";
import { readCliOptions } from "./cli-options.js";

const { schema, retired } = await readCliOptions("npm run operations:deprecations -w bff-mobile [-- --schema <file.graphql>] [--retired <v1,v2>]");
const { supported } = await readSupportedVersions(join(PACKAGE_ROOT, RELEASED_PATH), retired);
const current = { version: "current", manifest: await readManifest(join(PACKAGE_ROOT, ARTIFACT_PATHS.manifest)) };
process.stdout.write(formatDeprecations(findDeprecations(schema, [...supported, current])));
