// npm run check:duplicates — jscpd with .jscpd.json (paths, exclusions, min tokens) against the
// budget in scripts/checks/duplicates-budget.json: the number of clones and the share of
// duplicated lines may not grow. A percentage alone is too coarse (one copied 35-line file moves
// it by a few hundredths of a point), so the clone count is the sharp edge. When copies are
// removed, lower the budget to the new figures so it keeps biting.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const budget = JSON.parse(readFileSync(join(repoRoot, "scripts/checks/duplicates-budget.json"), "utf8"));
const jscpd = join(dirname(createRequire(import.meta.url).resolve("jscpd/package.json")), "run-jscpd.js");
const run = (...args) =>
  spawnSync(process.execPath, [jscpd, "--threshold", "100", ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, JSCPD_NO_TIPS: "1" } });

const out = mkdtempSync(join(tmpdir(), "shop-jscpd-"));
let total;
try {
  const result = run("--reporters", "json", "--output", out);
  const output = `${result.stdout}${result.stderr}`.replace(/^Using config from .*\n/gm, "");
  if (/Platform package|no prebuilt binary|binary not found/.test(output)) {
    process.stderr.write(output);
    console.error(
      "✘ check:duplicates: jscpd's native binary is not installed. jscpd 5 ships it in a per-platform " +
        "package (e.g. jscpd-linux-x64-gnu), installed from package-lock.json by npm ci; the lock must " +
        "list it for the jscpd version in devDependencies.",
    );
    process.exit(1);
  }
  try {
    total = JSON.parse(readFileSync(join(out, "jscpd-report.json"), "utf8")).statistics.total;
  } catch {
    process.stderr.write(output);
    console.error(`✘ check:duplicates: jscpd failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const figures = `${total.clones} clones, ${total.percentage.toFixed(2)} % duplicated lines (budget: ${budget.maxClones} clones, ${budget.maxPercentage} %)`;
if (total.clones <= budget.maxClones && total.percentage <= budget.maxPercentage) {
  console.log(`✔ duplicates: ${figures}`);
  if (total.clones < budget.maxClones) {
    console.log(`  fewer clones than the budget: lower maxClones in scripts/checks/duplicates-budget.json to ${total.clones}.`);
  }
  process.exit(0);
}
const listing = run("--reporters", "console");
process.stderr.write(`${listing.stdout}${listing.stderr}`.replace(/^Using config from .*\n/gm, ""));
console.error(
  `✘ check:duplicates: ${figures}. Move the new copies listed above into one place (a shared ` +
    "package or module) rather than raising the budget; raise it only for a clone a reviewer agrees is not a copy.",
);
process.exit(1);
