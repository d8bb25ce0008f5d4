// Fails when a contract in proto/ changes in a breaking way (buf breaking, FILE rules of buf.yaml).
//
// What the working tree is compared with (each baseline's proto/ and buf.yaml, taken from git):
//   - $BUF_BREAKING_AGAINST, when set: any buf input (e.g. '.git#ref=v1.2.0', a directory); nothing else.
//   - On a branch (HEAD has commits that main has not): the merge-base of HEAD and main
//     (origin/main when that ref exists, else main), so everything the branch changes is checked.
//   - On main (HEAD is main, or an ancestor of it): the last release tag (v*) before HEAD; without
//     one, every commit of main counts as released, so the state of proto/ just before its latest
//     change on main's first-parent line (if proto/ never changed since the commit that brought it,
//     that commit: there is no older contract to break).
//   - Uncommitted changes under proto/: also HEAD, whatever the above found.
// A shallow clone is deepened first (git fetch --unshallow --tags from origin, or the only remote);
// main is fetched when no main ref exists. The check never passes by skipping: when no baseline
// can be found it fails and says how to give it one.
// The same rules, each BFF's schema.graphql standing for proto/, choose check:graphql's baselines
// (scripts/checks/graphql-breaking.mjs); both use scripts/checks/breaking-baseline.mjs.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBaselines, gitIn, NoBaselineError } from "./checks/breaking-baseline.mjs";

/** buf breaking of the working tree at `cwd` against each baseline; exits non-zero on a break. */
function main() {
  const cwd = process.cwd();
  let baselines;
  try {
    baselines = findBaselines({ cwd, log: (m) => console.log(`buf breaking: ${m}`) });
  } catch (error) {
    console.error(error instanceof NoBaselineError ? error.message : String(error));
    process.exit(1);
  }
  const buf = join(createRequire(import.meta.url).resolve("@bufbuild/buf/package.json"), "..", "bin", "buf");
  const git = gitIn(cwd, process.env);
  const top = git(["rev-parse", "--show-toplevel"], { allowFail: true }) ?? cwd;
  for (const b of baselines) {
    let against = b.against;
    let dir;
    if (b.commit) {
      // the baseline's own buf.yaml and proto/, out of git (works in worktrees and shallow clones)
      dir = mkdtempSync(join(tmpdir(), "buf-baseline-"));
      const paths = ["buf.yaml", "buf.lock", "proto"].filter((p) => git(["cat-file", "-e", `${b.commit}:${p}`], { allowFail: true }) !== undefined);
      const archive = spawnSync("git", ["archive", "--format=tar", b.commit, ...paths], { cwd: top, maxBuffer: 256 * 1024 * 1024 });
      if (archive.status !== 0) {
        console.error(`buf breaking: cannot read proto/ at ${b.commit}: ${String(archive.stderr).trim()}`);
        process.exit(1);
      }
      execFileSync("tar", ["-x", "-C", dir], { input: archive.stdout });
      against = paths.includes("buf.yaml") ? dir : join(dir, "proto");
    }
    console.log(`buf breaking against ${b.commit ? b.commit.slice(0, 12) : against}: ${b.why}`);
    const r = spawnSync(process.execPath, [buf, "breaking", "--against", against], { cwd: top, stdio: "inherit" });
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) {
      console.error(`buf breaking: a contract in proto/ breaks compatibility with ${b.why}.`);
      process.exit(1);
    }
  }
  console.log("No breaking change to the contracts.");
}

main();
