import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TlsIdentity } from "@shop/grpc-runtime";
import { createDevPki, type DevPki } from "@shop/grpc-runtime/testing";
import { distinctFreePorts } from "./free-port.js";
import { grpcHealth } from "./grpc-health.js";
import { pipeWithPrefix } from "./prefixed-output.js";
import { NODE_FLAGS } from "./node-flags.js";
import { DEFAULT_HEALTH_PORTS, DEFAULT_METRICS_PORTS, DEFAULT_PORTS, IDENTITIES, PROCESS_NAMES, SERVICE_NAMES, alreadyMigrated, planProcesses } from "./system-processes.js";
import type { ProcessName, ProcessPlan, ServiceName, TracingPlan, TrustPlan } from "./system-processes.js";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface LaunchOptions {
  /** Ports per process; `"free"` picks free ports for all. @default DEFAULT_PORTS */
  readonly ports?: Partial<Record<ProcessName, number>> | "free";
  /**
   * Instances per service (1–8), e.g. `{ catalog: 3, orders: 2 }`; each needs its database URL
   * (replicas share one PostgreSQL database). The first instance takes the service's port, the
   * others free ports. @default one each
   */
  readonly replicas?: Partial<Record<ServiceName, number>>;
  /**
   * `/metrics` port per process (a service's first instance); `"free"` picks free ports for all.
   * Further replicas always get free ones. @default `"free"` when `ports` is, else DEFAULT_METRICS_PORTS
   */
  readonly metricsPorts?: Partial<Record<ProcessName, number>> | "free";
  /** Every process exports its spans over OTLP/HTTP to this endpoint. @default off */
  readonly tracing?: TracingPlan;
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
  /** Called when a child exits that nobody asked to stop (`instance` is e.g. "catalog-2"). */
  readonly onCrash?: (name: ProcessName, code: number | null, signal: NodeJS.Signals | null, instance: string) => void;
  /** How long to wait for every health check. @default 120_000 */
  readonly readyTimeoutMs?: number;
  /**
   * Plaintext gRPC between the processes, callers believed on their word (`npm start -- --insecure`).
   * @default false: mutual TLS with a development PKI made fresh for this launch
   */
  readonly insecure?: boolean;
  /**
   * Where the development PKI is written (`npm start`: `<repo>/.dev-pki`); its files are replaced.
   * @default a new temporary folder, removed by `stop()`
   */
  readonly pkiDir?: string;
}

/** One running (or stopped) instance of a process. */
export interface InstanceInfo {
  /** "catalog" for a single instance, "catalog-1", "catalog-2"… for replicas. */
  readonly instance: string;
  readonly name: ProcessName;
  readonly port: number;
  /** Port of its `/metrics` server (127.0.0.1). */
  readonly metricsPort: number;
  /** OS process id while it runs. */
  readonly pid: number | undefined;
}

export interface RunningSystem {
  /** Port of each process (of a service's first instance). */
  readonly ports: Record<ProcessName, number>;
  /** Every instance's `127.0.0.1:port`, per service: what its callers balance over. */
  readonly addresses: Record<ServiceName, readonly string[]>;
  readonly webUrl: string;
  readonly mobileUrl: string;
  readonly jwtSecret: string;
  /** Every instance's Prometheus endpoint (`http://127.0.0.1:port/metrics`), by instance name ("catalog", "catalog-2"…). */
  readonly metricsUrls: Readonly<Record<string, string>>;
  /** How the processes authenticate each other: "mtls" (the default) or "insecure" (plaintext). */
  readonly transport: "mtls" | "insecure";
  /** The folder of the development PKI (`ca.pem`, `<identity>.pem`, `<identity>.key.pem`); undefined in plaintext mode. */
  readonly pkiDir: string | undefined;
  /**
   * The trust the processes were planned with (`planProcesses`' `trust`): give it to plan one
   * more process of this system (a second bff-web, a benchmark peer) with the same PKI files.
   */
  readonly trust: TrustPlan;
  /**
   * The identity a test or script presents to call the services as `name` (any of users, catalog,
   * orders, bff-web, bff-mobile, jobs): its certificate of this launch's PKI. Undefined in
   * plaintext mode (there the caller is whatever `caller` it claims).
   */
  clientTls(name: string): TlsIdentity | undefined;
  /** Every instance, in start order. */
  instances(): readonly InstanceInfo[];
  /** Stops every instance of a process gracefully (SIGTERM), e.g. to test how the rest degrade. */
  stopProcess(name: ProcessName): Promise<void>;
  /** Starts the stopped instances of a process again and waits until they are healthy. */
  startProcess(name: ProcessName): Promise<void>;
  /** Stops one instance gracefully: SIGTERM (after SIGCONT, should it be stopped), then waits for its exit. */
  stopInstance(instance: string): Promise<void>;
  /** Starts a stopped instance again on its port and waits until it is healthy (SERVING). */
  startInstance(instance: string): Promise<void>;
  /**
   * Sends a signal to one instance: SIGKILL (its exit is then expected, not a crash), SIGSTOP to
   * freeze it, SIGCONT to let it run again.
   */
  signalInstance(instance: string, signal: "SIGKILL" | "SIGSTOP" | "SIGCONT"): void;
  /** Stops everything gracefully, BFFs first. */
  stop(): Promise<void>;
  /** OS process id of each process's first instance (absent while stopped), e.g. to read its CPU time and RSS. */
  pids(): Partial<Record<ProcessName, number>>;
}

/**
 * Starts users, catalog, orders (each as many instances as asked), bff-web and bff-mobile as
 * separate processes and waits until all are healthy. A service's first instance starts first
 * (it migrates and seeds the database), its other replicas after it.
 */
export async function launchSystem(options: LaunchOptions = {}): Promise<RunningSystem> {
  const nextFreePort = distinctFreePorts();
  const ports = await resolvePorts(options.ports, DEFAULT_PORTS, nextFreePort);
  const metricsPorts = await resolvePorts(options.metricsPorts ?? (options.ports === "free" ? "free" : {}), DEFAULT_METRICS_PORTS, nextFreePort);
  const replicaPorts = await resolveReplicaPorts(options.replicas ?? {}, nextFreePort);
  const replicaMetricsPorts = await resolveReplicaPorts(options.replicas ?? {}, nextFreePort);
  // Every service instance's plaintext health port (what the launcher probes): the defaults of
  // `npm start` for first instances unless all ports are free, free ones for further replicas.
  const healthPorts: Partial<Record<ServiceName, number[]>> = {};
  for (const name of SERVICE_NAMES) {
    const first = options.ports === "free" ? await nextFreePort() : DEFAULT_HEALTH_PORTS[name];
    healthPorts[name] = [first, ...(await Promise.all((replicaPorts[name] ?? []).map(() => nextFreePort())))];
  }
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString("base64url");
  // A fresh CA and one certificate per process at every launch: nothing outlives it but files.
  const ownsPkiDir = options.pkiDir === undefined && options.insecure !== true;
  const pkiDir = options.insecure === true ? undefined : (options.pkiDir ?? mkdtempSync(join(tmpdir(), "shop-pki-")));
  const pki: DevPki | undefined = pkiDir === undefined ? undefined : await createDevPki({ identities: IDENTITIES, dir: pkiDir });
  const trust: TrustPlan = pki === undefined ? { mode: "insecure" } : { mode: "mtls", files: (name) => pki.files(name) };
  const removePki = (): void => {
    if (ownsPkiDir && pkiDir !== undefined) rmSync(pkiDir, { recursive: true, force: true });
  };
  const plans = planProcesses({
    root: REPO_ROOT,
    ports,
    replicaPorts,
    metricsPorts,
    replicaMetricsPorts,
    healthPorts,
    trust,
    ...(options.tracing === undefined ? {} : { tracing: options.tracing }),
    dataDir: options.dataDir ?? join(REPO_ROOT, ".data"),
    databaseUrls: options.databaseUrls ?? {},
    mobileTrustedDocumentsOnly: options.mobileTrustedDocumentsOnly ?? false,
    jwtSecret,
    logLevel: options.logLevel ?? "info",
  });
  const output = options.output ?? process.stdout;
  const colour = options.colour ?? false;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const children = new Map<string, ChildProcess>();
  const stopping = new Set<string>();
  // If this process exits without stop() (an uncaught error, a test runner tearing a worker down),
  // its children would live on as orphans holding ports and data folders: kill them on the way out
  // (SIGKILL also ends a child frozen with SIGSTOP).
  const killLeftovers = (): void => {
    for (const child of children.values()) child.kill("SIGKILL");
    removePki();
  };
  process.once("exit", killLeftovers);

  const planOf = (instance: string): ProcessPlan => {
    const plan = plans.find((p) => p.instance === instance);
    if (!plan) throw new Error(`no instance "${instance}" (known: ${plans.map((p) => p.instance).join(", ")})`);
    return plan;
  };

  const startedOnce = new Set<string>();
  const start = async (plan: ProcessPlan): Promise<void> => {
    if (children.has(plan.instance)) return;
    // Started again (a restart, a rolling restart): its database is migrated already.
    const again = startedOnce.has(plan.instance) && plan.kind === "grpc" ? alreadyMigrated(plan.name.toUpperCase()) : {};
    startedOnce.add(plan.instance);
    const child = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", plan.entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...plan.env, ...again },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const index = PROCESS_NAMES.indexOf(plan.name);
    pipeWithPrefix(child.stdout!, plan.instance, index, output, colour);
    pipeWithPrefix(child.stderr!, plan.instance, index, output, colour);
    children.set(plan.instance, child);
    const exited = new Promise<never>((_, reject) => {
      child.once("exit", (code, signal) => {
        if (children.get(plan.instance) === child) children.delete(plan.instance);
        if (!stopping.has(plan.instance)) {
          options.onCrash?.(plan.name, code, signal, plan.instance);
          reject(new Error(`${plan.instance} exited (code ${code}, signal ${signal}) before it was healthy`));
        }
      });
    });
    exited.catch(() => undefined);
    await Promise.race([waitHealthy(plan, readyTimeoutMs), exited]);
  };

  const stopInstance = async (instance: string): Promise<void> => {
    const child = children.get(instance);
    if (!child) return;
    stopping.add(instance);
    const gone = new Promise<void>((done) => child.once("exit", () => done()));
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await gone;
    clearTimeout(timer);
    stopping.delete(instance);
  };

  const instancesOf = (name: ProcessName): ProcessPlan[] => plans.filter((p) => p.name === name);

  const system: RunningSystem = {
    ports,
    addresses: {
      users: instancesOf("users").map((p) => `127.0.0.1:${p.port}`),
      catalog: instancesOf("catalog").map((p) => `127.0.0.1:${p.port}`),
      orders: instancesOf("orders").map((p) => `127.0.0.1:${p.port}`),
    },
    webUrl: `http://127.0.0.1:${ports["bff-web"]}/graphql`,
    mobileUrl: `http://127.0.0.1:${ports["bff-mobile"]}/graphql`,
    jwtSecret,
    metricsUrls: Object.fromEntries(plans.map((p) => [p.instance, `http://127.0.0.1:${p.metricsPort}/metrics`])),
    transport: trust.mode,
    pkiDir,
    trust,
    clientTls: (name) => pki?.tlsIdentity(name),
    instances: () =>
      plans.map((p) => ({ instance: p.instance, name: p.name, port: p.port, metricsPort: p.metricsPort, pid: children.get(p.instance)?.pid })),
    stopProcess: async (name) => {
      await Promise.all(instancesOf(name).map((p) => stopInstance(p.instance)));
    },
    startProcess: async (name) => {
      await Promise.all(instancesOf(name).map(start));
    },
    stopInstance,
    startInstance: (instance) => start(planOf(instance)),
    signalInstance: (instance, signal) => {
      planOf(instance);
      const child = children.get(instance);
      if (!child) throw new Error(`${instance} is not running`);
      if (signal === "SIGKILL") stopping.add(instance);
      child.kill(signal);
      if (signal === "SIGKILL") child.once("exit", () => stopping.delete(instance));
    },
    stop: async () => {
      for (const name of [...PROCESS_NAMES].reverse()) await system.stopProcess(name);
      process.off("exit", killLeftovers);
      removePki();
    },
    pids: () => {
      const pids: Partial<Record<ProcessName, number>> = {};
      for (const plan of plans) {
        const pid = children.get(plan.instance)?.pid;
        if (pid !== undefined && pids[plan.name] === undefined) pids[plan.name] = pid;
      }
      return pids;
    },
  };

  try {
    // Each service's first instance migrates and seeds its database (the three in parallel); the
    // other replicas start once it serves, then the BFFs.
    await Promise.all(plans.filter((p) => p.kind === "grpc" && p.replica === 1).map(start));
    await Promise.all(plans.filter((p) => p.kind === "grpc" && p.replica > 1).map(start));
    await Promise.all(plans.filter((p) => p.kind === "http").map(start));
  } catch (error) {
    await system.stop();
    throw error;
  }
  return system;
}

/** The port of each process: `defaults` with the given ones over them, or free ports for all. */
async function resolvePorts(
  ports: Partial<Record<ProcessName, number>> | "free" | undefined,
  defaults: Record<ProcessName, number>,
  nextFreePort: () => Promise<number>,
): Promise<Record<ProcessName, number>> {
  if (ports === "free") {
    const entries = await Promise.all(PROCESS_NAMES.map(async (name) => [name, await nextFreePort()] as const));
    return Object.fromEntries(entries) as Record<ProcessName, number>;
  }
  return { ...defaults, ...ports };
}

/** Free ports for every replica after a service's first instance. */
async function resolveReplicaPorts(
  replicas: Partial<Record<ServiceName, number>>,
  nextFreePort: () => Promise<number>,
): Promise<Partial<Record<ServiceName, number[]>>> {
  const result: Partial<Record<ServiceName, number[]>> = {};
  for (const name of SERVICE_NAMES) {
    const count = replicas[name] ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error(`replicas of ${name}: expected a whole number ≥ 1, got ${count}`);
    result[name] = await Promise.all(Array.from({ length: count - 1 }, () => nextFreePort()));
  }
  return result;
}

async function waitHealthy(plan: ProcessPlan, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isHealthy(plan)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${plan.instance} was not healthy on port ${plan.port} within ${timeoutMs} ms`);
}

async function isHealthy(plan: ProcessPlan): Promise<boolean> {
  // A service's own port speaks mutual TLS: ask its plaintext health-only port, as a probe does.
  if (plan.kind === "grpc") return (await grpcHealth(`127.0.0.1:${plan.healthPort ?? plan.port}`)) === "SERVING";
  try {
    const response = await fetch(`http://127.0.0.1:${plan.port}/health/ready`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}
