// Fails when a v1 contract changes in a breaking way (buf breaking, FILE rules).
// Compared against: $BUF_BREAKING_AGAINST when set; else HEAD when proto/ has uncommitted
// changes (a developer's working tree); else HEAD~1 (the previous state of main, as in CI).
import { execFileSync } from "node:child_process";

const git = (...args) => execFileSync("git", args, { encoding: "utf8" }).trim();
const has = (ref) => {
  try {
    git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
    return git("ls-tree", "-d", "--name-only", ref, "proto") === "proto";
  } catch {
    return false;
  }
};

let against = process.env.BUF_BREAKING_AGAINST;
if (!against) {
  let dirty = "";
  try {
    dirty = git("status", "--porcelain", "--", "proto");
  } catch {
    console.log("buf breaking: skipped, not a git checkout.");
    process.exit(0);
  }
  const ref = dirty ? "HEAD" : "HEAD~1";
  if (!has(ref)) {
    console.log(`buf breaking: skipped, ${ref} has no proto/ to compare with (first commit or shallow clone).`);
    process.exit(0);
  }
  against = `.git#ref=${git("rev-parse", ref)}`;
}
console.log(`buf breaking against ${against}`);
execFileSync("npx", ["buf", "breaking", "--against", against], { stdio: "inherit" });
console.log("No breaking change to the contracts.");
