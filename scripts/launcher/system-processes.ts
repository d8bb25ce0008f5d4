import { join } from "node:path";

/** The five processes of the system, in start order. */
export const PROCESS_NAMES = ["users", "catalog", "orders", "bff-web", "bff-mobile"] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];
/** The gRPC domain services: the processes that can run as several replicas. */
export const SERVICE_NAMES = ["users", "catalog", "orders"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Default ports of `npm start`. */
export const DEFAULT_PORTS: Record<ProcessName, number> = {
  users: 50061,
  catalog: 50062,
  orders: 50063,
  "bff-web": 4000,
  "bff-mobile": 4001,
};

/**
 * Default ports of the services' plaintext health-only servers under `npm start` (the probes'
 * port: the gRPC port speaks mutual TLS, which a probe cannot). Further replicas take free ports.
 */
export const DEFAULT_HEALTH_PORTS: Record<ServiceName, number> = {
  users: 50071,
  catalog: 50072,
  orders: 50073,
};

/** The identity each process proves with its certificate (its subject CN), and internal callers' ("jobs": scripts, the example). */
export const IDENTITIES = [...PROCESS_NAMES, "jobs"] as const;

/** Default `/metrics` ports of `npm start` (each process's admin HTTP server, beside its own port). */
export const DEFAULT_METRICS_PORTS: Record<ProcessName, number> = {
  users: 9461,
  catalog: 9462,
  orders: 9463,
  "bff-web": 9464,
  "bff-mobile": 9465,
};

/** Prefix of each process's own environment keys (`CATALOG_PORT`, `WEB_METRICS_PORT`, …). */
export const ENV_PREFIXES: Record<ProcessName, string> = {
  users: "USERS",
  catalog: "CATALOG",
  orders: "ORDERS",
  "bff-web": "WEB",
  "bff-mobile": "MOBILE",
};

/** Where every process sends its spans, and how many it keeps (the standard `OTEL_*` variables). */
export interface TracingPlan {
  /** OTLP/HTTP base URL: spans are POSTed to `<endpoint>/v1/traces` (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  readonly endpoint: string;
  /**
   * Ratio of new traces recorded (0–1), parent-based so a trace stays whole across processes
   * (`OTEL_TRACES_SAMPLER=parentbased_traceidratio`). @default each process's default: every trace
   */
  readonly sampleRatio?: number;
  /** Longest time a finished span waits before its batch is exported (`OTEL_BSP_SCHEDULE_DELAY`). @default 5000 */
  readonly exportDelayMs?: number;
}

/**
 * How the processes authenticate each other: mutual TLS with the files of a development PKI
 * (`files(identity)` gives an identity's CA, certificate and key), or plaintext (`--insecure`).
 */
export type TrustPlan =
  | { readonly mode: "mtls"; readonly files: (identity: string) => { readonly caFile: string; readonly certFile: string; readonly keyFile: string } }
  | { readonly mode: "insecure" };

export interface ProcessPlan {
  readonly name: ProcessName;
  /** This instance's name: the process name, or `catalog-2` style when the service has replicas. */
  readonly instance: string;
  /** 1 for the first (or only) instance of a process, 2… for further replicas. */
  readonly replica: number;
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly port: number;
  /** Port of its `/metrics` server; 0 when the process binds a free one itself. */
  readonly metricsPort: number;
  /** A service instance's plaintext health-only port (what the launcher probes); undefined for a BFF. */
  readonly healthPort: number | undefined;
  readonly kind: "grpc" | "http";
}

/** Ports of the further replicas of each service (its second, third… instance), in order. */
export type ReplicaPorts = Partial<Record<ServiceName, readonly number[]>>;

export interface PlanOptions {
  readonly root: string;
  /** Port of each process (of a service's first replica). */
  readonly ports: Record<ProcessName, number>;
  /**
   * Ports of further replicas of a service (its second, third… instance); each caller of the
   * service gets every replica's address. @default none: one instance each
   */
  readonly replicaPorts?: ReplicaPorts;
  /**
   * `/metrics` port of each process (of a service's first instance). @default 0 for each: the
   * process binds a free port itself (fine for a process nobody scrapes)
   */
  readonly metricsPorts?: Partial<Record<ProcessName, number>>;
  /** `/metrics` ports of further replicas, in the order of `replicaPorts`. @default 0 for each */
  readonly replicaMetricsPorts?: ReplicaPorts;
  /**
   * The plaintext health-only port of every instance of each service, first instance first (the
   * order of `ports` then `replicaPorts`). @default 0 for each: a free port the launcher cannot probe
   */
  readonly healthPorts?: Partial<Record<ServiceName, readonly number[]>>;
  /** mTLS (with each process's files) or plaintext; every process gets the matching `GRPC_*` keys. */
  readonly trust: TrustPlan;
  /** Export spans over OTLP from every process. @default off (unless the launcher's own environment sets `OTEL_*`) */
  readonly tracing?: TracingPlan;
  /** Parent folder of each service's PGlite data directory. */
  readonly dataDir: string;
  /** PostgreSQL URL per service; a service without one runs on embedded PGlite. */
  readonly databaseUrls: Partial<Record<ServiceName, string>>;
  readonly mobileTrustedDocumentsOnly: boolean;
  readonly jwtSecret: string;
  readonly logLevel: string;
}

/**
 * The command line environment of every process: the only place that knows their env keys. A
 * service with replicas gets one plan per replica (each on its own port, all on the service's one
 * PostgreSQL database); its callers get every replica's address in `<SERVICE>_TARGETS`.
 */
export function planProcesses(options: PlanOptions): ProcessPlan[] {
  const { root } = options;
  const portsOf = (name: ServiceName): number[] => [options.ports[name], ...(options.replicaPorts?.[name] ?? [])];
  checkReplicaDatabases(
    Object.fromEntries(SERVICE_NAMES.map((name) => [name, portsOf(name).length])),
    options.databaseUrls,
  );
  const addresses = (name: ServiceName): string => portsOf(name).map((port) => `127.0.0.1:${port}`).join(",");
  const targets = {
    USERS_TARGETS: addresses("users"),
    CATALOG_TARGETS: addresses("catalog"),
    ORDERS_TARGETS: addresses("orders"),
  };
  const common = { LOG_LEVEL: options.logLevel, SHUTDOWN_GRACE_MS: "5000", ...tracingEnv(options.tracing) };
  const metricsPortOf = (name: ProcessName, replica: number): number =>
    replica === 1 ? options.metricsPorts?.[name] ?? 0 : options.replicaMetricsPorts?.[name as ServiceName]?.[replica - 2] ?? 0;
  const metricsEnv = (name: ProcessName, replica: number): Record<string, string> => ({
    [`${ENV_PREFIXES[name]}_METRICS_PORT`]: String(metricsPortOf(name, replica)),
  });
  const healthPortOf = (name: ServiceName, replica: number): number => options.healthPorts?.[name]?.[replica - 1] ?? 0;
  const service = (name: ServiceName, extra: Record<string, string> = {}): ProcessPlan[] => {
    const prefix = ENV_PREFIXES[name];
    const url = options.databaseUrls[name];
    const ports = portsOf(name);
    return ports.map((port, index) => ({
      name,
      instance: ports.length === 1 ? name : `${name}-${index + 1}`,
      replica: index + 1,
      entry: join(root, "services", name, "src", "main.ts"),
      port,
      metricsPort: metricsPortOf(name, index + 1),
      healthPort: healthPortOf(name, index + 1),
      kind: "grpc",
      env: {
        ...common,
        ...trustEnv(options.trust, name),
        [`${prefix}_PORT`]: String(port),
        [`${prefix}_HEALTH_PORT`]: String(healthPortOf(name, index + 1)),
        ...metricsEnv(name, index + 1),
        [`${prefix}_DATA_DIR`]: join(options.dataDir, name),
        ...(url ? { [`${prefix}_DATABASE_URL`]: url } : {}),
        // The first instance migrates the shared database; the other replicas start once it
        // serves and skip that (loading the schema engine costs seconds of CPU per start).
        ...(index > 0 ? alreadyMigrated(prefix) : {}),
        ...extra,
      },
    }));
  };
  const bff = (name: "bff-web" | "bff-mobile", extra: Record<string, string>): ProcessPlan => ({
    name,
    instance: name,
    replica: 1,
    entry: join(root, name, "src", "main.ts"),
    port: options.ports[name],
    metricsPort: metricsPortOf(name, 1),
    healthPort: undefined,
    kind: "http",
    env: { ...common, ...trustEnv(options.trust, name), ...targets, JWT_SECRET: options.jwtSecret, ...metricsEnv(name, 1), ...LAUNCHER_OPERATION_BUDGETS, ...extra },
  });
  return [
    ...service("users"),
    ...service("catalog"),
    ...service("orders", { CATALOG_TARGETS: targets.CATALOG_TARGETS }),
    bff("bff-web", { WEB_PORT: String(options.ports["bff-web"]) }),
    bff("bff-mobile", {
      MOBILE_PORT: String(options.ports["bff-mobile"]),
      MOBILE_TRUSTED_DOCUMENTS_ONLY: String(options.mobileTrustedDocumentsOnly),
    }),
  ];
}

/**
 * The BFFs' operation budgets under the launcher: large enough never to refuse. What it launches is
 * driven by load tests and benchmarks (many clients from one address with one token, at machine
 * speed), which the per-user and per-address budgets of an internet-facing deployment would
 * throttle; the budgets are still counted, so their cost stays in the benchmark's figures. Login,
 * sign-up and refresh limits keep their defaults.
 */
export const LAUNCHER_OPERATION_BUDGETS: Readonly<Record<string, string>> = {
  RATE_LIMIT_OPERATIONS_USER: "999999999/1m",
  RATE_LIMIT_OPERATIONS_IP: "999999999/1m",
};

/**
 * The transport keys of the process whose identity is `name`: its certificate files under mTLS, or
 * `GRPC_INSECURE=true`. The keys of the other mode are set empty (= unset), so a value exported in
 * the launcher's shell cannot mix the two.
 */
export function trustEnv(trust: TrustPlan, name: string): Record<string, string> {
  if (trust.mode === "insecure") return { GRPC_INSECURE: "true", GRPC_TLS_CA_FILE: "", GRPC_TLS_CERT_FILE: "", GRPC_TLS_KEY_FILE: "" };
  const files = trust.files(name);
  return { GRPC_INSECURE: "", GRPC_TLS_CA_FILE: files.caFile, GRPC_TLS_CERT_FILE: files.certFile, GRPC_TLS_KEY_FILE: files.keyFile };
}

/** The standard `OTEL_*` variables of a tracing plan; none without one. */
function tracingEnv(tracing: TracingPlan | undefined): Record<string, string> {
  if (tracing === undefined) return {};
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: tracing.endpoint,
    ...(tracing.sampleRatio === undefined
      ? {}
      : { OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: String(tracing.sampleRatio) }),
    ...(tracing.exportDelayMs === undefined ? {} : { OTEL_BSP_SCHEDULE_DELAY: String(tracing.exportDelayMs) }),
  };
}

/**
 * The environment of a service instance started on a database its first instance already
 * migrated: a replica, or any instance started again (the launcher adds it then). The seed stays
 * on: on a seeded database it is one count query, which also warms the instance's database client
 * and pool before it reports SERVING (without it the first calls a restarted replica got, under
 * load, took the whole 2 s budget).
 */
export function alreadyMigrated(prefix: string): Record<string, string> {
  return { [`${prefix}_MIGRATE_ON_START`]: "false" };
}

/**
 * Refuses replicas of a service that would run on embedded PGlite: its database lives inside one
 * process (one session, one data folder), so replicas cannot share it. Throws an Error that says
 * what to give instead.
 */
export function checkReplicaDatabases(
  replicas: Partial<Record<ServiceName, number>>,
  databaseUrls: Partial<Record<ServiceName, string>>,
): void {
  const embedded = SERVICE_NAMES.filter((name) => (replicas[name] ?? 1) > 1 && !databaseUrls[name]);
  if (embedded.length === 0) return;
  const asked = embedded.map((name) => `${name}=${replicas[name]}`).join(",");
  const keys = embedded.map((name) => `${name.toUpperCase()}_DATABASE_URL`).join(", ");
  throw new Error(
    `--replicas ${asked}: replicas of a service share one PostgreSQL database, and ${embedded.join(", ")} would run on embedded PGlite, ` +
      `which lives inside a single process. Add --postgres[=URL] (or set ${keys}), or run one instance.`,
  );
}
