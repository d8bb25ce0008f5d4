import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevPki, type DevPki } from "@shop/grpc-runtime/testing";
import { createTestPostgresDatabase, defaultTestServerUrl, migrationNames, postgresAvailable, type TestPostgresDatabase } from "@shop/service-host/db";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/launcher/free-port.js";
import { PRODUCTION_NODE_OPTIONS } from "../../scripts/launcher/node-flags.js";
import { peakRssMbOf } from "../bench/bff/process-stats.js";
import { graphqlOperation, runLoad } from "../bench/bff/load-generator.js";
import { WEB_HOME_QUERY } from "../bench/bff/queries.js";
import { REPO_ROOT } from "../../scripts/launcher/launch-system.js";
import { missingExportTargets, releaseProblems } from "../../scripts/release/check-release.js";
import { DEV_ONLY_PACKAGES, RELEASE_ENTRYPOINTS, RELEASE_MIGRATE_COMMANDS, RELEASE_PACKAGES } from "../../scripts/release/release-packages.js";
import { persistedRequest, postGraphql } from "../e2e/support/graphql-client.js";
import { expectNoErrors, freshKey, placeWebOrder, webHomePage, webLogin } from "../e2e/support/web-order-flow.js";
import { startReleaseProcess, type ReleaseProcess } from "./support/release-process.js";

/**
 * The production install as the image holds it: `npm run release` (the Dockerfile's step) lays out
 * one release in a temporary folder, each service's migration command migrates a fresh PostgreSQL
 * database (as the Kubernetes Jobs do), and all five processes start from it with plain
 * `node <entry>`, NODE_ENV=production and nothing of the repository's development tree, talking
 * mutual TLS with certificates of a throwaway CA (as their Kubernetes Secrets give them); then the
 * demo user signs in, opens the home page and places an order through both BFFs. A runtime import
 * of a development package cannot resolve there (none is installed, which is asserted too).
 * Skipped, with the reason printed, when no PostgreSQL server answers on 127.0.0.1:5432.
 */

const SERVER = defaultTestServerUrl;
const available = await postgresAvailable(SERVER);
if (!available) console.warn(`production install: skipped, no PostgreSQL server answers at ${SERVER}`);

/**
 * As in the image: the processes run as the unprivileged `node` user (uid 1000) over files owned by
 * another user, so any write under the release would fail them. Only a test running as root can
 * switch users; otherwise they run as the test's own user.
 */
const IMAGE_USER = imageUser();

/** uid/gid 1000 when this test runs as root and that user can run this very Node binary; else undefined (and why). */
function imageUser(): { readonly uid: number; readonly gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = { uid: 1000, gid: 1000 };
  const probe = spawnSync(process.execPath, ["-e", "0"], { ...user, stdio: "ignore" });
  if (probe.error === undefined && probe.status === 0) return user;
  console.warn(`production install: running as root, not uid 1000: uid 1000 cannot run ${process.execPath} (${probe.error?.message ?? `exit ${probe.status}`})`);
  return undefined;
}

type ServiceName = keyof typeof RELEASE_MIGRATE_COMMANDS;
const SERVICES: readonly ServiceName[] = ["users", "catalog", "orders"];

let releaseDir = "";
let pkiDir = "";
const databases = new Map<ServiceName, TestPostgresDatabase>();
const processes: ReleaseProcess[] = [];
let webUrl = "";
let mobileUrl = "";

/** Runs `npm run release -- --out <dir>` from the repository; resolves with its output and wall time. */
function runRelease(out: string): Promise<{ output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "release", "--", "--out", out], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve({ output, ms: Math.round(performance.now() - started) });
      else reject(new Error(`npm run release exited ${code}:\n${output}`));
    });
  });
}

/** Runs one service's migration command from the release; its exit code and output. */
function runMigrateCommand(service: ServiceName, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RELEASE_MIGRATE_COMMANDS[service]], { cwd: releaseDir, env, stdio: ["ignore", "pipe", "pipe"], ...IMAGE_USER });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Kilobytes of a folder, as `du -sk` counts them. */
function kilobytes(path: string): number {
  return Number(execFileSync("du", ["-sk", path], { encoding: "utf8" }).split("\t")[0]);
}

/** A trusted document of the release's own mobile manifest, by operation name. */
function trusted(name: string): { readonly id: string; readonly name: string } {
  const manifest = JSON.parse(readFileSync(join(releaseDir, "bff-mobile", "operations", "manifest.json"), "utf8")) as { operations: { id: string; name: string }[] };
  const operation = manifest.operations.find((o) => o.name === name);
  if (!operation) throw new Error(`the release's bff-mobile/operations/manifest.json has no operation ${name}`);
  return operation;
}

/** What every process gets: production mode and a PATH; nothing else of the test runner's environment. */
const BASE_ENV = {
  NODE_ENV: "production",
  // The image's default (Dockerfile ENV), so the figures below are the production configuration's.
  NODE_OPTIONS: PRODUCTION_NODE_OPTIONS,
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  LOG_LEVEL: "info",
  SHUTDOWN_GRACE_MS: "5000",
};
const prefixOf = (service: ServiceName): string => service.toUpperCase();

describe.skipIf(!available).sequential("the production install (one release, plain node, PostgreSQL)", () => {
  beforeAll(async () => {
    const started = performance.now();
    releaseDir = mkdtempSync(join(tmpdir(), "shop-release-"));
    const release = await runRelease(releaseDir);
    chmodSync(releaseDir, 0o755); // mkdtemp's 0700 would lock the image user out; the files stay the test user's
    const figures: string[] = [`release ${(release.ms / 1000).toFixed(1)} s (${release.output.match(/\(build .*\)/)?.[0] ?? "?"})`];
    figures.push(`size ${(kilobytes(releaseDir) / 1024).toFixed(0)} MiB, of which node_modules ${(kilobytes(join(releaseDir, "node_modules")) / 1024).toFixed(0)} MiB`);

    for (const service of SERVICES) databases.set(service, await createTestPostgresDatabase({ serverUrl: SERVER, prefix: `release_${service}` }));
    // Production refuses plaintext gRPC: every process gets its own certificate (CN = its name).
    pkiDir = mkdtempSync(join(tmpdir(), "shop-release-pki-"));
    const pki: DevPki = await createDevPki({ identities: [...SERVICES, "bff-web", "bff-mobile"], dir: pkiDir });
    // As a Secret volume gives them to the image user: readable by it (here its own files), by no one else.
    if (IMAGE_USER) for (const path of [pkiDir, ...readdirSync(pkiDir).map((file) => join(pkiDir, file))]) chownSync(path, IMAGE_USER.uid, IMAGE_USER.gid);
    const ports = { users: await freePort(), catalog: await freePort(), orders: await freePort(), web: await freePort(), mobile: await freePort() };
    const targets = { USERS_TARGETS: `127.0.0.1:${ports.users}`, CATALOG_TARGETS: `127.0.0.1:${ports.catalog}`, ORDERS_TARGETS: `127.0.0.1:${ports.orders}` };
    const serviceEnv = (service: ServiceName): Record<string, string> => ({
      ...BASE_ENV,
      [`${prefixOf(service)}_DATABASE_URL`]: databases.get(service)!.url,
      [`${prefixOf(service)}_SEED`]: "true",
      [`${prefixOf(service)}_PORT`]: String(ports[service]),
      [`${prefixOf(service)}_HOST`]: "127.0.0.1",
      [`${prefixOf(service)}_METRICS_PORT`]: "0",
      // the plaintext health-only server (Kubernetes probes): a free port, as for /metrics
      [`${prefixOf(service)}_HEALTH_PORT`]: "0",
      // the migration commands (the Jobs) have migrated: without them the tables would be missing and the seed would fail the start
      [`${prefixOf(service)}_MIGRATE_ON_START`]: "false",
      ...(service === "orders" ? { CATALOG_TARGETS: targets.CATALOG_TARGETS } : {}),
      // The migration command loads the same configuration (which requires the keys), but reads no file.
      ...pki.env(service),
    });

    const migrated = await Promise.all(SERVICES.map((service) => runMigrateCommand(service, serviceEnv(service))));
    for (const [i, service] of SERVICES.entries()) {
      const run = migrated[i]!;
      expect(run.code, `${service} migrate-command: ${run.stderr}`).toBe(0);
      const report = JSON.parse(run.stdout.trim()) as { service: string; applied: string[] };
      expect(report).toMatchObject({ service, applied: await migrationNames(join(releaseDir, "services", service, "prisma", "migrations")) });
      expect(report.applied.length).toBeGreaterThan(0);
    }

    const start = (name: keyof typeof RELEASE_ENTRYPOINTS, env: Record<string, string>, readyMessage: string) =>
      startReleaseProcess({ name, releaseDir, entry: RELEASE_ENTRYPOINTS[name], env, readyMessage, timeoutMs: 240_000, ...(IMAGE_USER ? { user: IMAGE_USER } : {}) }).then((p) => {
        processes.push(p);
        return p;
      });
    await Promise.all(SERVICES.map((service) => start(service, serviceEnv(service), `${service} service serving`)));
    const bffEnv = {
      ...BASE_ENV,
      ...targets,
      JWT_SECRET: randomBytes(32).toString("base64url"),
      // The load below is one user from one address at full speed: what the per-user and per-address
      // operation budgets exist to stop. This test measures the install, not the limits (those are
      // test/e2e/abuse's), so they are off here; the login limits stay at their production defaults.
      RATE_LIMIT_OPERATIONS_USER: "off",
      RATE_LIMIT_OPERATIONS_IP: "off",
    };
    await Promise.all([
      start("bff-web", { ...bffEnv, ...pki.env("bff-web"), WEB_PORT: String(ports.web), WEB_HOST: "127.0.0.1", WEB_METRICS_PORT: "0" }, "bff-web listening"),
      start("bff-mobile", { ...bffEnv, ...pki.env("bff-mobile"), MOBILE_PORT: String(ports.mobile), MOBILE_HOST: "127.0.0.1", MOBILE_METRICS_PORT: "0" }, "bff-mobile listening"),
    ]);
    webUrl = `http://127.0.0.1:${ports.web}/graphql`;
    mobileUrl = `http://127.0.0.1:${ports.mobile}/graphql`;
    figures.push(`run as ${IMAGE_USER ? "uid 1000 over files it cannot write" : "the test's own user"}`);
    figures.push(`spawn → ready: ${processes.map((p) => `${p.name} ${p.readyMs} ms`).join(", ")} (services: migrated, seeded on PostgreSQL, SERVING)`);
    figures.push(`up in ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
    console.log(`production install: ${figures.join("; ")}`);
  }, 600_000);

  afterAll(async () => {
    try {
      await Promise.all([...processes].reverse().map((p) => p.stop()));
    } finally {
      await Promise.all([...databases.values()].map((database) => database.drop()));
      if (releaseDir !== "") rmSync(releaseDir, { recursive: true, force: true });
      if (pkiDir !== "") rmSync(pkiDir, { recursive: true, force: true });
    }
  }, 120_000);

  afterEach((context) => {
    if (context.task.result?.state === "fail") console.error(`Last log lines:\n${processes.map((p) => p.logTail(30)).join("\n")}`);
  });

  it("when the release is laid out, then every released export target exists, no sources, scripts or dev dependencies ship, and no dev-only package is installed", () => {
    expect(releaseProblems(releaseDir)).toEqual([]);
    expect(missingExportTargets(releaseDir)).toEqual([]);
    for (const name of DEV_ONLY_PACKAGES) expect(existsSync(join(releaseDir, "node_modules", name)), `${name} installed`).toBe(false);
    for (const { dir } of RELEASE_PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(releaseDir, dir, "package.json"), "utf8")) as Record<string, unknown>;
      expect(Object.keys(manifest), dir).not.toContain("scripts");
      expect(Object.keys(manifest), dir).not.toContain("devDependencies");
      expect(Object.keys((manifest.exports ?? {}) as object).filter((subpath) => subpath.startsWith("./testing")), dir).toEqual([]);
      expect(existsSync(join(releaseDir, dir, "src")), `${dir}/src shipped`).toBe(false);
    }
    expect(existsSync(join(releaseDir, "services", "bff-testing"))).toBe(false);
    expect(existsSync(join(releaseDir, "node_modules", "@shop", "bff-testing"))).toBe(false);
  });

  it("when the demo user signs in on the web BFF, opens the home page and places an order, then the order is placed and heads the home page's recent orders", async () => {
    const token = await webLogin(webUrl);
    const home = await webHomePage(webUrl, token);
    expect(home.viewer.displayName).toBe("Demo Shopper");
    expect(home.recommendations).toHaveLength(20);
    expect(home.recentOrders.length).toBeGreaterThan(0);
    const product = home.recommendations.find((p) => p.inStock);
    expect(product, "an in-stock recommendation").toBeDefined();

    const placed = await placeWebOrder(webUrl, token, freshKey("release-web"), [{ productId: product!.id, quantity: 2 }]);
    expect(placed).toMatchObject({ __typename: "Order", status: "PLACED", itemCount: 2 });
    const after = await webHomePage(webUrl, token);
    expect(after.recentOrders[0]).toMatchObject({ id: placed.id, status: "PLACED", itemCount: 2 });
    expect(after.recentOrders[0]!.lines.map((line) => [line.quantity, line.product?.id])).toEqual([[2, product!.id]]);
  }, 120_000);

  it("when the demo user signs in on the mobile BFF, opens the home screen and places an order (trusted documents by hash), then the order is placed and heads the recent orders", async () => {
    const login = trusted("Login");
    const signedIn = await postGraphql(mobileUrl, persistedRequest(login.id, login.name, { email: "demo@shop.test", password: "demo-password" }));
    expectNoErrors(signedIn);
    const token = signedIn.body.data.login.token as string;
    expect(signedIn.body.data.login.user.name).toBe("Demo Shopper");

    const home = trusted("Home");
    const before = await postGraphql(mobileUrl, persistedRequest(home.id, home.name, { recommendations: 10, recentOrders: 3 }), token);
    expectNoErrors(before);
    expect(before.body.data.home.recommendations).toHaveLength(10);
    const productId = (before.body.data.home.recommendations as { id: string }[])[0]!.id;

    const place = trusted("PlaceOrder");
    const placed = await postGraphql(mobileUrl, persistedRequest(place.id, place.name, { input: { idempotencyKey: freshKey("release-mobile"), lines: [{ productId, quantity: 1 }] } }), token);
    expectNoErrors(placed);
    expect(placed.body.data.placeOrder).toMatchObject({ __typename: "Order", status: "PLACED" });

    const after = await postGraphql(mobileUrl, persistedRequest(home.id, home.name, { recommendations: 10, recentOrders: 3 }), token);
    expectNoErrors(after);
    expect(after.body.data.home.recentOrders[0]).toMatchObject({ id: placed.body.data.placeOrder.id, status: "PLACED" });
  }, 120_000);

  it("when 16 clients load the web home page for 5 s, then none fails; each process's peak RSS is printed", async () => {
    const token = await webLogin(webUrl);
    const home = graphqlOperation(webUrl, { query: WEB_HOME_QUERY }, { authorization: `Bearer ${token}` });
    try {
      const load = await runLoad(home.run, { concurrency: 16, durationMs: 5_000 });
      expect(load.errors, load.firstError).toBe(0);
      expect(load.ops).toBeGreaterThan(0);
      const rss = processes.map((p) => `${p.name} ${peakRssMbOf(p.child.pid!).toFixed(0)}`).join(", ");
      console.log(`production install under load (NODE_OPTIONS=${PRODUCTION_NODE_OPTIONS}): ${load.ops} home pages in 5 s, peak RSS MiB: ${rss}`);
    } finally {
      home.close();
    }
  }, 60_000);

  it("when the flows are done, then all five processes are still running", () => {
    expect(processes.map((p) => p.name).sort()).toEqual(Object.keys(RELEASE_ENTRYPOINTS).sort());
    for (const p of processes) expect([p.name, p.child.exitCode, p.child.signalCode]).toEqual([p.name, null, null]);
  });
});
