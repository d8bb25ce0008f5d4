import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "./free-port.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `npm start`'s script with `args` and an environment without any database URL. */
async function runStart(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const env = { ...process.env };
  for (const key of ["USERS_DATABASE_URL", "CATALOG_DATABASE_URL", "ORDERS_DATABASE_URL"]) delete env[key];
  // Free ports: should the refusal ever fail, whatever starts does not meet anybody's system.
  const ports = await Promise.all(["users", "catalog", "orders", "bff-web", "bff-mobile"].map(async (name) => ["--port", `${name}=${await freePort()}`]));
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", ...ports.flat(), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGINT"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, ms: performance.now() - started };
}

describe("npm start --replicas without PostgreSQL", () => {
  it("when replicas are asked for on embedded PGlite, then it refuses with a clear message and exit code 2 before starting anything", async () => {
    const result = await runStart(["--replicas", "catalog=3,orders=2"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--replicas catalog=3,orders=2: replicas of a service share one PostgreSQL database");
    expect(result.stderr).toContain("Add --postgres[=URL] (or set CATALOG_DATABASE_URL, ORDERS_DATABASE_URL)");
    expect(result.stdout).not.toContain("Starting");
  }, 30_000);

  it("when a replica count is hostile, then it exits 2 with the problem and the help text", async () => {
    const result = await runStart(["--replicas", "catalog=0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--replicas catalog=0: N must be 1–8, got 0");
    expect(result.stderr).toContain("Usage: npm start -- [options]");
  }, 30_000);
});

describe("npm start --otlp with a bad URL", () => {
  it("when --otlp is not an http(s) URL, then it exits 2 with the problem and the help text before starting anything", async () => {
    const result = await runStart(["--otlp", "localhost:4318"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--otlp localhost:4318: expected an http:// or https:// URL");
    expect(result.stderr).toContain("--otlp URL");
    expect(result.stdout).not.toContain("Starting");
  }, 30_000);
});
