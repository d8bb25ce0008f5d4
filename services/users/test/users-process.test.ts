import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { closeClient, createClient, type ClientOptions } from "@shop/grpc-runtime";
import { createDevPki, type DevPki } from "@shop/grpc-runtime/testing";
import { UserService } from "@shop/contracts/users/v1";
import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";

const SERVICE_DIR = fileURLToPath(new URL("..", import.meta.url));

interface Started {
  readonly child: ChildProcess;
  readonly address: string;
  /** Parsed JSON log lines so far. */
  readonly logs: Record<string, unknown>[];
  readonly startMs: number;
}

/** Runs `src/main.ts` the way `npm start` does (tsx), on a free port, a private PGlite data dir and its certificate of `pki`. */
async function startProcess(dataDir: string, pki: DevPki): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: SERVICE_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...pki.env("users"),
      USERS_PORT: "0",
      USERS_HEALTH_PORT: "0",
      USERS_METRICS_PORT: "0",
      USERS_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const address = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => {
      // Not serving in time: no test will stop it, so it goes now rather than outliving the run.
      child.kill("SIGKILL");
      reject(new Error(`no "serving" line within 60 s; stderr: ${stderr}`));
    }, 60_000);
    child.stdout!.on("data", (chunk) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === "users service serving") {
            clearTimeout(timer);
            resolve(String(entry.address));
          }
        } catch {
          // not a JSON log line
        }
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving; stderr: ${stderr}`));
    });
  });
  return { child, address, logs, startMs: performance.now() - started };
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

describe("users service as a process (npm start)", () => {
  const children: ChildProcess[] = [];
  let dataDir = "";
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    if (dataDir !== "") await rm(dataDir, { recursive: true, force: true });
  });

  it("when started on an empty data dir, then it seeds, serves the demo login, stops on SIGTERM with 0, and keeps its data on restart", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "users-process-"));
    const pki = await createDevPki({ identities: ["users", "jobs"], dir: join(dataDir, "pki") });
    // Called over mTLS as the privileged internal job.
    const asJob: ClientOptions = { retry: false, tls: pki.tlsIdentity("jobs"), serverName: "users" };
    const first = await startProcess(dataDir, pki);
    children.push(first.child);
    const seeded = first.logs.find((entry) => entry.msg === "demo data seeded");
    console.info(`users: first start (PGlite on disk, migrate, seed) took ${Math.round(first.startMs)} ms; seed alone ${String(seeded?.ms)} ms`);
    expect(seeded?.inserted).toBe(1000);
    expect(first.startMs).toBeLessThan(60_000);

    const client = createClient(UserService, first.address, asJob);
    const { user: demo } = await client.verifyCredentials({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    expect(demo?.id).toBe(demoUser(0).id);
    const { user: created } = await client.createUser({ email: "kept@example.com", displayName: "Kept", password: "kept password" });
    closeClient(client);

    // The process serves its metrics on the admin port it logged, counting the calls just made.
    const metricsPort = first.logs.find((entry) => entry.msg === "users service serving")?.metricsPort;
    expect(metricsPort).toEqual(expect.any(Number));
    const metrics = await (await fetch(`http://127.0.0.1:${String(metricsPort)}/metrics`)).text();
    expect(metrics).toContain('shop_rpc_server_requests_total{grpc_service="shop.users.v1.UserService",grpc_method="VerifyCredentials",grpc_code="OK"} 1\n');
    expect(metrics).toMatch(/^shop_db_query_duration_seconds_count\{operation="INSERT",table="users"\} [1-9]/m);

    first.child.kill("SIGTERM");
    expect(await exitCode(first.child)).toBe(0);
    expect(first.logs.some((entry) => entry.msg === "shutting down")).toBe(true);

    const second = await startProcess(dataDir, pki);
    children.push(second.child);
    expect(second.logs.some((entry) => entry.msg === "demo data seeded")).toBe(false);
    expect(second.logs.find((entry) => entry.msg === "demo data already present")?.inserted).toBe(0);
    const again = createClient(UserService, second.address, asJob);
    expect((await again.getUser({ id: created!.id })).user).toEqual(created);
    expect((await again.verifyCredentials({ email: "KEPT@example.com", password: "kept password" })).user?.id).toBe(created!.id);
    closeClient(again);
    second.child.kill("SIGTERM");
    expect(await exitCode(second.child)).toBe(0);
  }, 180_000);

  it("when NODE_ENV=production and no USERS_DATABASE_URL is set, then it refuses to start, naming the key, and creates no embedded database", async () => {
    const dir = await mkdtemp(join(tmpdir(), "users-production-"));
    const dataDir = join(dir, "data");
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: SERVICE_DIR,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", USERS_PORT: "0", USERS_DATA_DIR: dataDir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      child.stdout!.on("data", (chunk) => (output += chunk));
      child.stderr!.on("data", (chunk) => (output += chunk));
      expect(await exitCode(child)).toBe(1);
      expect(output).toContain("USERS_DATABASE_URL (databaseUrl): is required when NODE_ENV=production");
      expect(output).not.toContain("serving");
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
