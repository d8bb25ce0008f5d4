// `npm run release -- --out DIR`: one production install of all five processes (see README.md here).
// The Dockerfile's build stage runs exactly this; so does test/release/production-install.test.ts.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeRelease, ReleaseError } from "./lay-out-release.js";
import { parseReleaseOptions, RELEASE_HELP, ReleaseOptionsError } from "./release-options.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The exit code: 0 done, 1 the release failed (the message says which step and why), 2 a bad command line. */
function main(argv: readonly string[]): number {
  try {
    const options = parseReleaseOptions(argv, repoRoot);
    if (options.help) console.log(RELEASE_HELP);
    else makeRelease({ repoRoot, out: options.out });
    return 0;
  } catch (error) {
    if (error instanceof ReleaseOptionsError) console.error(`release: ${error.message}\n\n${RELEASE_HELP}`);
    else if (error instanceof ReleaseError) console.error(`release: ${error.message}`);
    else throw error;
    return error instanceof ReleaseOptionsError ? 2 : 1;
  }
}

process.exitCode = main(process.argv.slice(2));
