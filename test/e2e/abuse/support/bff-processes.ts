import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { freePort } from "../../../../scripts/launcher/free-port.js";
import { REPO_ROOT, type RunningSystem } from "../../../../scripts/launcher/launch-system.js";
import { NODE_FLAGS } from "../../../../scripts/launcher/node-flags.js";
import { planProcesses, type TrustPlan } from "../../../../scripts/launcher/system-processes.js";

export type BffName = "bff-web" | "bff-mobile";

/** One BFF process this test started itself, on a free port. */
export interface BffProcess {
  readonly name: BffName;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** `<base>/graphql` */
  readonly url: string;
  /** The last lines it wrote (stdout and stderr), for a failure report or a log assertion. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const PORT_KEYS: Readonly<Record<BffName, string>> = { "bff-web": "WEB_PORT", "bff-mobile": "MOBILE_PORT" };
const METRICS_PORT_KEYS: Readonly<Record<BffName, string>> = { "bff-web": "WEB_METRICS_PORT", "bff-mobile": "MOBILE_METRICS_PORT" };

/**
 * Starts `name` from source (`node --import tsx <name>/src/main.ts`, the launcher's Node flags) on a
 * free port with its `/metrics` on another, with exactly `env` on top of this process's
 * environment, and waits until `/health/ready` answers 200.
 */
export async function startBff(name: BffName, env: Readonly<Record<string, string>>): Promise<BffProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", join(REPO_ROOT, name, "src", "main.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, [PORT_KEYS[name]]: String(port), [METRICS_PORT_KEYS[name]]: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-200_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = once(child, "exit");
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output.slice(-4_000)}`);
    try {
      if ((await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(1_000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within 120 s:\n${output.slice(-4_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { name, base, url: `${base}/graphql`, output: () => output, stop };
}

/**
 * The environment the launcher gives `name` in `system` (its services' addresses, the shared JWT
 * secret, its certificate of the launch's PKI), for another instance of it started with
 * {@link startBff}: the way a deployment runs replicas.
 */
export function launchedBffEnv(system: RunningSystem, name: BffName): Record<string, string> {
  const { pkiDir } = system;
  const trust: TrustPlan =
    pkiDir === undefined
      ? { mode: "insecure" }
      : { mode: "mtls", files: (identity) => ({ caFile: join(pkiDir, "ca.pem"), certFile: join(pkiDir, `${identity}.pem`), keyFile: join(pkiDir, `${identity}.key.pem`) }) };
  const plan = planProcesses({
    root: REPO_ROOT,
    ports: system.ports,
    trust,
    dataDir: "", // only the services' keys use it
    databaseUrls: {},
    mobileTrustedDocumentsOnly: false,
    jwtSecret: system.jwtSecret,
    logLevel: "warn",
  }).find((p) => p.name === name);
  if (plan === undefined) throw new Error(`the launcher plans no ${name}`);
  return { ...plan.env };
}
