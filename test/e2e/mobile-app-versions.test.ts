import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startCatalogService } from "@shop/catalog/app";
import { DEFAULT_PRIVILEGED_CALLERS, DEFAULT_USER_ASSERTERS, silentLogger } from "@shop/grpc-runtime";
import { createDevPki } from "@shop/grpc-runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/launcher/free-port.js";
import { NODE_FLAGS } from "../../scripts/launcher/node-flags.js";

/**
 * Apps already in users' hands, against the real bff-mobile process (src/main.ts, configured by its
 * environment only) in trusted-documents-only mode, over a real catalog service (PGlite in memory).
 * Two app versions were released in a temporary folder, each with a Products query of its own:
 * 0.9.0 is still supported, 0.8.0 is retired by MOBILE_RETIRED_APP_VERSIONS.
 */

const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const PRODUCTS_0_8 = "query Products {\n  products(first: 1) {\n    nodes {\n      id\n    }\n  }\n}\n";
const PRODUCTS_0_9 = "query Products {\n  products(first: 2) {\n    nodes {\n      id\n      name\n    }\n  }\n}\n";
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Writes `<dir>/<version>/manifest.json` in the Apollo persisted-query manifest format. */
async function release(dir: string, version: string, body: string): Promise<void> {
  await mkdir(join(dir, version), { recursive: true });
  const manifest = { format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: sha256(body), name: "Products", type: "query", body }] };
  await writeFile(join(dir, version, "manifest.json"), JSON.stringify(manifest));
}

let releasedDir: string;
let pkiDir: string;
let catalog: Awaited<ReturnType<typeof startCatalogService>>;
let mobile: ChildProcess;
let baseUrl: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  releasedDir = await mkdtemp(join(tmpdir(), "mobile-app-versions-"));
  await release(releasedDir, "0.8.0", PRODUCTS_0_8);
  await release(releasedDir, "0.9.0", PRODUCTS_0_9);
  // Mutual TLS between the two, as the launcher runs them: certificates of a CA made for this test.
  pkiDir = await mkdtemp(join(tmpdir(), "mobile-app-versions-pki-"));
  const pki = await createDevPki({ identities: ["catalog", "bff-mobile"], dir: pkiDir });
  const trust = { mode: "mtls" as const, identity: pki.tlsIdentity("catalog"), privilegedCallers: DEFAULT_PRIVILEGED_CALLERS, userAsserters: DEFAULT_USER_ASSERTERS };
  catalog = await startCatalogService({ inMemory: true, logger: silentLogger(), trust });
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  mobile = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", join(REPO_ROOT, "bff-mobile", "src", "main.ts")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...pki.env("bff-mobile"),
      GRPC_INSECURE: "",
      MOBILE_PORT: String(port),
      MOBILE_METRICS_PORT: "0",
      MOBILE_TRUSTED_DOCUMENTS_ONLY: "true",
      MOBILE_RELEASED_OPERATIONS_DIR: releasedDir,
      MOBILE_RETIRED_APP_VERSIONS: "0.8.0",
      CATALOG_TARGETS: catalog.address,
      JWT_SECRET: "mobile-app-versions-e2e-secret-0123456789",
      LOG_LEVEL: "info",
    },
  });
  let buffered = "";
  mobile.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith("{")) logLines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const stderr: string[] = [];
  mobile.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
  const started = Date.now();
  for (;;) {
    if (mobile.exitCode !== null) throw new Error(`bff-mobile exited (${mobile.exitCode}): ${stderr.join("")}`);
    if (await fetch(`${baseUrl}/health/live`).then((r) => r.ok, () => false)) break;
    if (Date.now() - started > 60_000) throw new Error(`bff-mobile did not start within 60 s: ${stderr.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  if (mobile && mobile.exitCode === null) {
    const exited = new Promise((r) => mobile.once("exit", r));
    mobile.kill("SIGTERM");
    await exited;
  }
  await catalog?.stop();
  await rm(releasedDir, { recursive: true, force: true });
  if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
});

async function send(hash: string, appVersion: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-app-version": appVersion, "x-request-id": `app-${appVersion}` },
    body: JSON.stringify({ operationName: "Products", extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

describe("bff-mobile serving app versions already released", () => {
  it("when the server starts, then it says which app versions it serves and which are retired", () => {
    expect(logLines).toContainEqual(expect.objectContaining({ supported: ["0.9.0"], retired: ["0.8.0"] }));
  });

  it("when an app on a supported older version sends a hash that only that version has, then the current server answers it", async () => {
    const { status, body } = await send(sha256(PRODUCTS_0_9), "0.9.0");
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.products.nodes).toHaveLength(2);
    expect(body.data.products.nodes[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
  });

  it("when an app on a retired version sends its hash, then it gets PERSISTED_QUERY_NOT_FOUND, and the log line names its version", async () => {
    const { status, body } = await send(sha256(PRODUCTS_0_8), "0.8.0");
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    await expect.poll(() => logLines, { timeout: 5_000 }).toContainEqual(
      expect.objectContaining({ requestId: "app-0.8.0", appVersion: "0.8.0", codes: ["PERSISTED_QUERY_NOT_FOUND"] }),
    );
  });
});
