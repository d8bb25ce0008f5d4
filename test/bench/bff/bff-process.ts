import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../../../scripts/launcher/launch-system.js";
import { NODE_FLAGS } from "../../../scripts/launcher/node-flags.js";
import { planProcesses, trustEnv } from "../../../scripts/launcher/system-processes.js";
import { BENCH_LOG_LEVEL, type BenchSystem } from "./bench-system.js";

/** A GraphQL server the benchmark runs in a process of its own, beside the launched system. */
export interface BffProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** How to start one such process. */
interface BffProcessOptions {
  /** Its name in error messages. */
  readonly label: string;
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  /** The GraphQL URL if this stdout JSON line announces it, else undefined. */
  readonly urlFrom: (line: Record<string, unknown>) => string | undefined;
  /** Where its stdout lines go once read: the RPC counter, like the launched processes' output. */
  readonly output: NodeJS.WritableStream;
  /** Node flags on its command line. @default NODE_FLAGS, the launcher's */
  readonly nodeFlags?: readonly string[];
  /** Run `entry` as built JavaScript with plain `node` (no tsx), in this directory (a release). */
  readonly built?: { readonly cwd: string };
  readonly timeoutMs?: number;
}

const NAIVE_ENTRY = fileURLToPath(new URL("./naive/main.ts", import.meta.url));

/**
 * Starts the naive BFF (peer b) on a free port and waits for its "listening" line. It calls the
 * services as bff-web does: with bff-web's certificate of the launch's PKI (the `GRPC_*` keys the
 * launcher gives bff-web), signing each call's end-user token with its key.
 */
export function startNaiveBff(bench: BenchSystem): Promise<BffProcess> {
  const { targets } = bench;
  return startBffProcess({
    label: "naive BFF",
    entry: NAIVE_ENTRY,
    env: {
      NAIVE_PORT: "0",
      USERS_TARGETS: targets.users,
      CATALOG_TARGETS: targets.catalog,
      ORDERS_TARGETS: targets.orders,
      JWT_SECRET: bench.system.jwtSecret,
      ...trustEnv(bench.system.trust, "bff-web"),
    },
    urlFrom: (line) => (typeof line.listening === "string" ? line.listening : undefined),
    output: bench.rpcs,
  });
}

/**
 * Starts a second bff-web on a free port with the launcher's own environment for bff-web (same
 * services, JWT secret, log level, Node flags and trust: bff-web's certificate of the launch's
 * PKI) plus `env`, e.g. `{ WEB_READ_MASKS: "off" }`, and waits for its "listening" line.
 */
export function startWebBff(
  bench: BenchSystem,
  env: Readonly<Record<string, string>>,
  options: {
    readonly nodeFlags?: readonly string[];
    /** A release folder (`npm run release -- --out DIR`): run its built bff-web instead of the source. */
    readonly release?: string;
  } = {},
): Promise<BffProcess> {
  const { system } = bench;
  const plan = planProcesses({
    root: REPO_ROOT,
    ports: { ...system.ports, "bff-web": 0 },
    trust: system.trust,
    dataDir: "", // only the services' keys use it
    databaseUrls: {},
    mobileTrustedDocumentsOnly: false,
    jwtSecret: system.jwtSecret,
    logLevel: BENCH_LOG_LEVEL,
  }).find((p) => p.name === "bff-web")!;
  return startBffProcess({
    label: `bff-web (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")})`,
    entry: options.release === undefined ? plan.entry : join(options.release, "bff-web", "dist", "main.js"),
    // Its own /metrics port: the launcher's bff-web holds the one in its plan.
    env: { ...plan.env, WEB_METRICS_PORT: "0", ...env },
    ...(options.nodeFlags === undefined ? {} : { nodeFlags: options.nodeFlags }),
    ...(options.release === undefined ? {} : { built: { cwd: options.release } }),
    urlFrom: (line) =>
      typeof line.port === "number" && typeof line.msg === "string" && line.msg.endsWith(" listening") ? `http://127.0.0.1:${line.port}/graphql` : undefined,
    output: bench.rpcs,
  });
}

/** Spawns `node <flags> --import tsx <entry>` and resolves once a stdout line announces its URL. */
async function startBffProcess(options: BffProcessOptions): Promise<BffProcess> {
  const { label, timeoutMs = 60_000, nodeFlags = NODE_FLAGS } = options;
  const args = options.built === undefined ? [...nodeFlags, "--import", "tsx", options.entry] : [...nodeFlags, options.entry];
  const child = spawn(process.execPath, args, {
    cwd: options.built?.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  const lines = createInterface({ input: child.stdout! });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not listen within ${timeoutMs} ms`)), timeoutMs);
      child.once("exit", (code) => reject(new Error(`${label} exited with ${code}: ${stderr}`)));
      lines.on("line", (line) => {
        options.output.write(`${line}\n`);
        const announced = urlOf(line, options.urlFrom);
        if (announced !== undefined) {
          clearTimeout(timer);
          resolve(announced);
        }
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function urlOf(line: string, urlFrom: BffProcessOptions["urlFrom"]): string | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return urlFrom(JSON.parse(line) as Record<string, unknown>);
  } catch {
    return undefined; // not JSON: not the line we wait for
  }
}
