import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTlsIdentity } from "@shop/grpc-runtime";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `npm run pki -- --out <dir>` (scripts/pki.ts), the files a development cluster's TLS Secrets are
 * made from (deploy/k8s/README.md, "TLS"): run as npm runs it, then its files loaded the way every
 * process loads its mTLS identity.
 */

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function runPki(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/pki.ts", ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  if (run.error !== undefined) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "shop-pki-command-"));
  made.push(dir);
  return dir;
};

describe("npm run pki", () => {
  it("when run with --out and --namespace, then it writes the CA and, per process and jobs, a certificate whose CN is the identity, with the names clients dial, and a key only its owner reads, which load as that identity", () => {
    const out = join(freshDir(), "pki");
    const run = runPki(["--out", out, "--namespace", "shop-dev"]);
    expect(run.status, run.stderr).toBe(0);
    for (const identity of ["users", "catalog", "orders", "bff-web", "bff-mobile", "jobs"]) {
      const files = { caFile: join(out, "ca.pem"), certFile: join(out, `${identity}.pem`), keyFile: join(out, `${identity}.key.pem`) };
      expect(loadTlsIdentity(files).name).toBe(identity);
      const names = new X509Certificate(readFileSync(files.certFile)).subjectAltName ?? "";
      for (const name of [identity, `${identity}.shop-dev`, `${identity}.shop-dev.svc`, `${identity}.shop-dev.svc.cluster.local`]) expect(names, identity).toContain(`DNS:${name},`);
      expect(statSync(files.keyFile).mode & 0o077, `${identity}.key.pem is readable by others`).toBe(0);
    }
  }, 120_000);

  it("when the folder already holds files, or an argument is wrong, then it writes nothing, exits 2 and says why", () => {
    const out = freshDir();
    expect(runPki(["--out", out]).status).toBe(0);
    const before = readFileSync(join(out, "ca.pem"), "utf8");
    const again = runPki(["--out", out]);
    expect([again.status, again.stderr]).toEqual([2, expect.stringContaining("--force")]);
    expect(readFileSync(join(out, "ca.pem"), "utf8")).toBe(before);
    for (const [args, reason] of [
      [[], "--out <dir> is required"],
      [["--out", join(out, "x"), "--identities", "users,Users"], '"Users" is not an identity name'],
    ] as const) {
      const refused = runPki(args);
      expect([refused.status, refused.stderr], args.join(" ")).toEqual([2, expect.stringContaining(reason)]);
    }
  }, 120_000);
});
