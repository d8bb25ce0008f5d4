import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KUBERNETES_NODE_OPTIONS, PRODUCTION_NODE_OPTIONS } from "./node-flags.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGES = ["services/users", "services/catalog", "services/orders", "bff-web", "bff-mobile"];

/** Every file under `dir` (recursively) whose name ends with one of `extensions`. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("Node flags of the processes", () => {
  it.each(PACKAGES)("when %s is started on its own (npm start -w), then its start script hard-codes no Node or V8 flag", (dir) => {
    const pkg = JSON.parse(readFileSync(`${ROOT}${dir}/package.json`, "utf8")) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe("node --import tsx src/main.ts");
  });

  it("when production NODE_OPTIONS are set, then they hold only flags Node accepts in NODE_OPTIONS (no GC-tuning flags such as --single-threaded-gc)", () => {
    const allowed = /^--max-(semi|old)-space-size=\d+$/;
    for (const flag of PRODUCTION_NODE_OPTIONS.split(/\s+/)) expect(flag).toMatch(allowed);
  });

  it("when the image and the Kubernetes manifests set NODE_OPTIONS, then the image has the production default and every manifest value is the Kubernetes one", () => {
    const dockerfile = readFileSync(`${ROOT}Dockerfile`, "utf8");
    expect(dockerfile).toContain(`NODE_OPTIONS="${PRODUCTION_NODE_OPTIONS}"`);
    expect(KUBERNETES_NODE_OPTIONS.startsWith(`${PRODUCTION_NODE_OPTIONS} `)).toBe(true);
    const values = filesUnder(`${ROOT}deploy/k8s`, [".yaml", ".yml", ".env"]).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/NODE_OPTIONS(?:"?\s*[:=]\s*)"?([^"\n]*)"?/g)].map((m) => ({ file, value: m[1]!.trim() })),
    );
    expect(values.length).toBeGreaterThan(0);
    for (const { file, value } of values) expect(`${file}: ${value}`).toBe(`${file}: ${KUBERNETES_NODE_OPTIONS}`);
  });
});
