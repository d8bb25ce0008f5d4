// Fails when `buf generate` would change gen/: the generated code must match proto/.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = mkdtempSync(join(tmpdir(), "shop-gen-"));
try {
  execFileSync("npx", ["buf", "generate", "-o", out], { stdio: "inherit" });
  try {
    execFileSync("diff", ["-r", join(out, "gen", "src"), join("gen", "src")], { stdio: "inherit" });
  } catch {
    console.error("gen/ is stale: run `npm run gen` and commit the result.");
    process.exit(1);
  }
  console.log("gen/ matches proto/.");
} finally {
  rmSync(out, { recursive: true, force: true });
}
