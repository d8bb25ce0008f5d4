import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";
import { grpcHealth } from "./grpc-health.js";
import { pipeWithPrefix } from "./prefixed-output.js";
import { NODE_FLAGS } from "./node-flags.js";
import {
  DEFAULT_PORTS,
  PROCESS_NAMES,
  planProcesses,
  type ProcessName,
  type ProcessPlan,
  type ServiceName,
} from "./system-processes.js";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface LaunchOptions {
  /** Ports per process; `"free"` picks free ports for all. @default DEFAULT_PORTS */
  readonly ports?: Partial<Record<ProcessName, number>> | "free";
  /** Parent folder of the PGlite data directories. @default `<repo>/.data` */
  readonly dataDir?: string;
  /** PostgreSQL URL per service (PostgreSQL mode). */
  readonly databaseUrls?: Partial<Record<ServiceName, string>>;
  /** Mobile BFF accepts only its trusted documents. @default false */
  readonly mobileTrustedDocumentsOnly?: boolean;
  /** Shared JWT secret of both BFFs. @default a random one per launch */
  readonly jwtSecret?: string;
  /** @default "info" */
  readonly logLevel?: string;
  /** Where the prefixed logs go. @default process.stdout */
  readonly output?: NodeJS.WritableStream;
  readonly colour?: boolean;
  /** Called when a child exits that nobody asked to stop. */
  readonly onCrash?: (name: ProcessName, code: number | null, signal: NodeJS.Signals | null) => void;
  /** How long to wait for every health check. @default 120_000 */
  readonly readyTimeoutMs?: number;
}

export interface RunningSystem {
  readonly ports: Record<ProcessName, number>;
  readonly webUrl: string;
  readonly mobileUrl: string;
  readonly jwtSecret: string;
  /** Stops one process gracefully (SIGTERM), e.g. to test how the rest degrade. */
  stopProcess(name: ProcessName): Promise<void>;
  /** Starts a stopped process again and waits until it is healthy. */
  startProcess(name: ProcessName): Promise<void>;
  /** Stops everything gracefully, BFFs first. */
  stop(): Promise<void>;
  /** OS process id of each running child (absent while stopped), e.g. to read its CPU time and RSS. */
  pids(): Partial<Record<ProcessName, number>>;
}

/** Starts users, catalog, orders, bff-web and bff-mobile as separate processes and waits until all are healthy. */
export async function launchSystem(options: LaunchOptions = {}): Promise<RunningSystem> {
  const ports = await resolvePorts(options.ports);
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString("base64url");
  const plans = planProcesses({
    root: REPO_ROOT,
    ports,
    dataDir: options.dataDir ?? join(REPO_ROOT, ".data"),
    databaseUrls: options.databaseUrls ?? {},
    mobileTrustedDocumentsOnly: options.mobileTrustedDocumentsOnly ?? false,
    jwtSecret,
    logLevel: options.logLevel ?? "info",
  });
  const output = options.output ?? process.stdout;
  const colour = options.colour ?? false;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const children = new Map<ProcessName, ChildProcess>();
  const stopping = new Set<ProcessName>();
  // If this process exits without stop() (an uncaught error, a test runner tearing a worker down),
  // its children would live on as orphans holding ports and data folders: kill them on the way out.
  const killLeftovers = (): void => {
    for (const child of children.values()) child.kill("SIGKILL");
  };
  process.once("exit", killLeftovers);

  const start = async (plan: ProcessPlan): Promise<void> => {
    const child = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", plan.entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...plan.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const index = PROCESS_NAMES.indexOf(plan.name);
    pipeWithPrefix(child.stdout!, plan.name, index, output, colour);
    pipeWithPrefix(child.stderr!, plan.name, index, output, colour);
    children.set(plan.name, child);
    const exited = new Promise<never>((_, reject) => {
      child.once("exit", (code, signal) => {
        children.delete(plan.name);
        if (!stopping.has(plan.name)) {
          options.onCrash?.(plan.name, code, signal);
          reject(new Error(`${plan.name} exited (code ${code}, signal ${signal}) before it was healthy`));
        }
      });
    });
    exited.catch(() => undefined);
    await Promise.race([waitHealthy(plan, readyTimeoutMs), exited]);
  };

  const stopOne = async (name: ProcessName): Promise<void> => {
    const child = children.get(name);
    if (!child) return;
    stopping.add(name);
    const gone = new Promise<void>((done) => child.once("exit", () => done()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await gone;
    clearTimeout(timer);
    stopping.delete(name);
  };

  const system: RunningSystem = {
    ports,
    webUrl: `http://127.0.0.1:${ports["bff-web"]}/graphql`,
    mobileUrl: `http://127.0.0.1:${ports["bff-mobile"]}/graphql`,
    jwtSecret,
    stopProcess: stopOne,
    startProcess: async (name) => start(plans.find((p) => p.name === name)!),
    stop: async () => {
      for (const name of [...PROCESS_NAMES].reverse()) await stopOne(name);
      process.off("exit", killLeftovers);
    },
    pids: () => {
      const pids: Partial<Record<ProcessName, number>> = {};
      for (const [name, child] of children) if (child.pid !== undefined) pids[name] = child.pid;
      return pids;
    },
  };

  try {
    // The three services start together (each seeds its own database); the BFFs after them.
    await Promise.all(plans.filter((p) => p.kind === "grpc").map(start));
    await Promise.all(plans.filter((p) => p.kind === "http").map(start));
  } catch (error) {
    await system.stop();
    throw error;
  }
  return system;
}

async function resolvePorts(ports: LaunchOptions["ports"]): Promise<Record<ProcessName, number>> {
  if (ports === "free") {
    const entries = await Promise.all(PROCESS_NAMES.map(async (name) => [name, await freePort()] as const));
    return Object.fromEntries(entries) as Record<ProcessName, number>;
  }
  return { ...DEFAULT_PORTS, ...ports };
}

async function waitHealthy(plan: ProcessPlan, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isHealthy(plan)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${plan.name} was not healthy on port ${plan.port} within ${timeoutMs} ms`);
}

async function isHealthy(plan: ProcessPlan): Promise<boolean> {
  if (plan.kind === "grpc") return (await grpcHealth(`127.0.0.1:${plan.port}`)) === "SERVING";
  try {
    const response = await fetch(`http://127.0.0.1:${plan.port}/health/ready`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}
