import { parseArgs } from "node:util";
import { PROCESS_NAMES, SERVICE_NAMES, type ProcessName, type ServiceName } from "./system-processes.js";

/** The PostgreSQL server `--postgres` uses when given no URL. */
export const DEFAULT_POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432";

/** Most instances of one service `--replicas` starts (on one machine). */
export const MAX_REPLICAS = 8;

export const START_HELP = `Usage: npm start -- [options]
  --fresh                 wipe .data/ first (embedded databases start empty and are seeded again)
  --postgres[=URL]        run the services on PostgreSQL: creates databases shop_users, shop_catalog
                          and shop_orders on the server at URL (default ${DEFAULT_POSTGRES_SERVER})
  --port NAME=PORT        change a port (NAME: ${PROCESS_NAMES.join(", ")}); repeatable
  --replicas NAME=N[,…]   run N instances of a service (NAME: ${SERVICE_NAMES.join(", ")}; N 1–${MAX_REPLICAS}), e.g.
                          --replicas catalog=3,orders=2; repeatable. Needs --postgres (or the service's
                          *_DATABASE_URL): the replicas share one database. The first instance listens on
                          the service's port, the others on free ports; every caller balances over all.
  --trusted-documents     the mobile BFF accepts only its trusted documents (production behaviour)
  --otlp URL              every process exports its traces over OTLP/HTTP to URL (spans to URL/v1/traces),
                          e.g. --otlp http://127.0.0.1:4318; sets OTEL_EXPORTER_OTLP_ENDPOINT for all of them
  --insecure              plaintext gRPC between the processes (GRPC_INSECURE=true): a caller is whoever it
                          claims to be and user tokens are unsigned. Without it every process talks mutual TLS
                          with certificates of a throwaway CA made at each start in .dev-pki/
  --help                  this text
Per-service database URLs can also be given as USERS_DATABASE_URL, CATALOG_DATABASE_URL, ORDERS_DATABASE_URL.
Every process serves Prometheus metrics at GET /metrics on 127.0.0.1: users 9461, catalog 9462, orders 9463,
bff-web 9464, bff-mobile 9465 (further replicas: free ports, printed at start). The services also answer
grpc.health.v1 in plaintext on 50071, 50072 and 50073 (their gRPC ports speak mutual TLS).`;

/** What `npm start` was asked to do. */
export interface StartOptions {
  readonly help: boolean;
  readonly fresh: boolean;
  /** The PostgreSQL server to create the service databases on; undefined = embedded PGlite. */
  readonly postgresServer: string | undefined;
  readonly ports: Partial<Record<ProcessName, number>>;
  /** Instances per service (absent = 1). */
  readonly replicas: Partial<Record<ServiceName, number>>;
  readonly trustedDocuments: boolean;
  /** OTLP/HTTP base URL every process exports its spans to; undefined = tracing off. */
  readonly otlpEndpoint: string | undefined;
  /** Plaintext gRPC between the processes instead of mutual TLS (`--insecure`). */
  readonly insecure: boolean;
}

/** Parses `npm start`'s arguments; throws an Error with a message for the user on bad input. */
export function parseStartOptions(argv: readonly string[]): StartOptions {
  // A bare `--postgres` means "the default server": give it an empty value so parseArgs accepts
  // it anywhere on the line.
  const args = argv.map((arg) => (arg === "--postgres" ? "--postgres=" : arg));
  const { values } = parseArgs({
    args,
    options: {
      fresh: { type: "boolean", default: false },
      postgres: { type: "string" },
      port: { type: "string", multiple: true, default: [] },
      replicas: { type: "string", multiple: true, default: [] },
      "trusted-documents": { type: "boolean", default: false },
      otlp: { type: "string" },
      insecure: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const ports: Partial<Record<ProcessName, number>> = {};
  for (const entry of values.port ?? []) {
    const [name, raw, extra] = entry.split("=");
    const port = Number(raw);
    if (extra !== undefined || !PROCESS_NAMES.includes(name as ProcessName) || !/^\d+$/.test(raw ?? "") || port < 1 || port > 65_535) {
      throw new Error(`--port ${entry}: expected NAME=PORT with NAME one of ${PROCESS_NAMES.join(", ")} and PORT 1–65535`);
    }
    ports[name as ProcessName] = port;
  }
  const replicas = parseReplicas(values.replicas ?? []);
  let postgresServer: string | undefined;
  if (values.postgres !== undefined) {
    postgresServer = values.postgres || DEFAULT_POSTGRES_SERVER;
    let url: URL;
    try {
      url = new URL(postgresServer);
    } catch {
      throw new Error(`--postgres=${postgresServer}: not a URL (expected postgres://user@host:port)`);
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
      throw new Error(`--postgres=${postgresServer}: expected a postgres:// or postgresql:// URL`);
    }
  }
  const otlpEndpoint = values.otlp === undefined ? undefined : checkOtlpEndpoint(values.otlp);
  return {
    help: values.help ?? false,
    fresh: values.fresh ?? false,
    postgresServer,
    ports,
    replicas,
    trustedDocuments: values["trusted-documents"] ?? false,
    otlpEndpoint,
    insecure: values.insecure ?? false,
  };
}

/**
 * `--otlp URL`: the base URL of an OTLP/HTTP receiver (a collector, Jaeger, Tempo…). Only http and
 * https: OTLP over gRPC is not what the processes speak, and any other scheme is a typo.
 */
function checkOtlpEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--otlp ${value}: not a URL (expected the OTLP/HTTP receiver's base URL, e.g. http://127.0.0.1:4318)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`--otlp ${value}: expected an http:// or https:// URL (OTLP over HTTP, e.g. http://127.0.0.1:4318)`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new Error(`--otlp ${value}: credentials in the URL would be printed and logged; pass them as OTEL_EXPORTER_OTLP_HEADERS instead`);
  }
  return value;
}

/** `--replicas catalog=3,orders=2` (repeatable) → `{ catalog: 3, orders: 2 }`. */
function parseReplicas(entries: readonly string[]): Partial<Record<ServiceName, number>> {
  const replicas: Partial<Record<ServiceName, number>> = {};
  for (const entry of entries) {
    for (const item of entry.split(",")) {
      const match = /^([a-z-]+)=(\d+)$/.exec(item.trim());
      const name = match?.[1];
      const count = Number(match?.[2]);
      if (match === null || name === undefined) {
        throw new Error(`--replicas ${entry}: expected NAME=N[,NAME=N…] with NAME one of ${SERVICE_NAMES.join(", ")} and N 1–${MAX_REPLICAS}`);
      }
      if (!SERVICE_NAMES.includes(name as ServiceName)) {
        const why = PROCESS_NAMES.includes(name as ProcessName) ? `${name} is a BFF; only` : `unknown service "${name}"; only`;
        throw new Error(`--replicas ${entry}: ${why} ${SERVICE_NAMES.join(", ")} can have replicas`);
      }
      if (count < 1 || count > MAX_REPLICAS) throw new Error(`--replicas ${entry}: N must be 1–${MAX_REPLICAS}, got ${count}`);
      if (replicas[name as ServiceName] !== undefined) throw new Error(`--replicas ${entry}: ${name} given twice`);
      replicas[name as ServiceName] = count;
    }
  }
  return replicas;
}
