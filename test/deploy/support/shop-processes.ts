import { loadMobileConfig, MOBILE_CONFIG_KEYS } from "@shop/bff-mobile/config";
import { loadWebConfig, WEB_CONFIG_KEYS } from "@shop/bff-web/config";
import { catalogConfigSpec, loadCatalogConfig } from "@shop/catalog/config";
import type { HttpPolicy } from "@shop/bff-kit";
import type { GrpcTrustSettings, TelemetrySettings } from "@shop/grpc-runtime";
import { loadOrdersConfig, ordersConfigSpec } from "@shop/orders/config";
import { loadUsersConfig, usersConfigSpec } from "@shop/users/config";

/**
 * What the code says about each of the five processes, for checking manifests against it: the
 * package a container command runs, the environment keys its config reads, and its real config
 * loader. Nothing here restates a port, a key or a default: those come from the packages.
 */

export type ProcessName = "users" | "catalog" | "orders" | "bff-web" | "bff-mobile";
export type DomainServiceName = "users" | "catalog" | "orders";

/** The parts of a loaded configuration the manifest checks compare, the same for every process. */
export interface LoadedProcessConfig {
  readonly host: string;
  readonly port: number;
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  /** The services this process calls, by service name, as its config parsed them. */
  readonly targets: Readonly<Partial<Record<DomainServiceName, readonly string[]>>>;
  /** Domain services only. */
  readonly migrateOnStart?: boolean;
  /** Domain services only. */
  readonly seed?: boolean;
  /** Domain services only: the port of the plaintext server with only grpc.health.v1 (for probes). */
  readonly healthPort?: number;
  /** The `GRPC_TLS_*` files and `GRPC_INSECURE`, as `loadGrpcTrust` (main.ts) takes them. */
  readonly grpc: GrpcTrustSettings;
  /** BFFs only: proxies believed, HSTS, CORS. */
  readonly http?: HttpPolicy;
  /** BFFs only: where rate limits and ended sessions are shared (undefined = this process's memory). */
  readonly redisUrl?: string | undefined;
  /** The `/metrics` server's host and port and the trace export settings (the `OTEL_*` keys). */
  readonly telemetry: TelemetrySettings;
}

export interface ShopProcess {
  readonly name: ProcessName;
  readonly kind: "domain-service" | "bff";
  /** The package folder, relative to the repository root (`services/users`, `bff-web`). */
  readonly packageDir: string;
  /** Every environment key the process's config reads. */
  readonly configKeys: ReadonlySet<string>;
  /** The process's own loader (what its main.ts runs), reduced to the compared parts. */
  load(env: Readonly<Record<string, string>>): LoadedProcessConfig;
}

/** Keys every process honours without its config reading them: Node reads NODE_OPTIONS itself. */
export const KEYS_EVERY_PROCESS_KNOWS: readonly string[] = ["NODE_ENV", "NODE_OPTIONS"];

const envKeys = (spec: Readonly<Record<string, { readonly env: string }>>): ReadonlySet<string> =>
  new Set(Object.values(spec).map((key) => key.env));

const domainService = (
  name: DomainServiceName,
  spec: Readonly<Record<string, { readonly env: string }>>,
  load: (
    env: Readonly<Record<string, string>>,
  ) => Omit<LoadedProcessConfig, "targets" | "telemetry" | "grpc"> & TelemetrySettings & GrpcTrustSettings & { readonly catalogTargets?: readonly string[] },
): ShopProcess => ({
  name,
  kind: "domain-service",
  packageDir: `services/${name}`,
  configKeys: envKeys(spec),
  load(env) {
    const config = load({ ...env });
    return {
      host: config.host,
      port: config.port,
      shutdownGraceMs: config.shutdownGraceMs,
      logLevel: config.logLevel,
      targets: config.catalogTargets === undefined ? {} : { catalog: config.catalogTargets },
      migrateOnStart: config.migrateOnStart,
      seed: config.seed,
      healthPort: config.healthPort,
      // A domain service's telemetry and trust keys are spread flat into its config.
      telemetry: config,
      grpc: config,
    };
  },
});

const bff = (
  name: "bff-web" | "bff-mobile",
  keys: readonly string[],
  load: (env: Readonly<Record<string, string>>) => Omit<LoadedProcessConfig, "targets"> & { readonly targets: LoadedProcessConfig["targets"] },
): ShopProcess => ({
  name,
  kind: "bff",
  packageDir: name,
  configKeys: new Set(keys),
  load(env) {
    const config = load(env);
    return {
      host: config.host,
      port: config.port,
      shutdownGraceMs: config.shutdownGraceMs,
      logLevel: config.logLevel,
      targets: config.targets,
      telemetry: config.telemetry,
      grpc: config.grpc,
      http: config.http,
      redisUrl: config.redisUrl,
    };
  },
});

/** The five processes by name. */
export const SHOP_PROCESSES: Readonly<Record<ProcessName, ShopProcess>> = {
  users: domainService("users", usersConfigSpec, loadUsersConfig),
  catalog: domainService("catalog", catalogConfigSpec, loadCatalogConfig),
  orders: domainService("orders", ordersConfigSpec, loadOrdersConfig),
  "bff-web": bff("bff-web", WEB_CONFIG_KEYS, loadWebConfig),
  "bff-mobile": bff("bff-mobile", MOBILE_CONFIG_KEYS, loadMobileConfig),
};

/** What a container command runs: a process's server (`main`) or a domain service's migrations. */
export interface ProcessEntry {
  readonly process: ShopProcess;
  readonly entry: "main" | "migrate-command";
  /** The TypeScript source the built entry is compiled from, relative to the repository root. */
  readonly source: string;
}

const BUILT_ENTRY = /^(services\/(?:users|catalog|orders)|bff-web|bff-mobile)\/dist\/(main|migrate-command)\.js$/;

/**
 * The process a container command starts, when it is `node <package>/dist/<entry>.js` for one of
 * the five packages (the release layout: `<pkg>/src/<entry>.ts` compiles to `<pkg>/dist/<entry>.js`).
 */
export function entryOfCommand(command: readonly string[] | undefined): ProcessEntry | undefined {
  if (command === undefined || command.length !== 2 || command[0] !== "node") return undefined;
  const match = BUILT_ENTRY.exec(command[1]!);
  if (match === null) return undefined;
  const packageDir = match[1]!;
  const process = Object.values(SHOP_PROCESSES).find((candidate) => candidate.packageDir === packageDir)!;
  const entry = match[2] as ProcessEntry["entry"];
  return { process, entry, source: `${packageDir}/src/${entry}.ts` };
}
