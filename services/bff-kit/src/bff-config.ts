import { randomBytes } from "node:crypto";
import { ConfigError, isProduction, loadConfig, LOG_LEVELS, targets, telemetryConfigSpec, url, type ConfigOf, type ConfigSpec, type TelemetrySettings } from "@shop/grpc-runtime";
import { grpcTlsConfigSpec, type GrpcTrustSettings } from "@shop/grpc-runtime";
import { httpConfigSpec, httpPolicyOf, type HttpPolicy } from "./http/http-policy.js";
import { DEFAULT_LIMITS, type BffLimits } from "./limits.js";
import { checkRateLimits, rateLimitConfigSpec, type RateLimitSettings } from "./rate-limits/rate-limit-settings.js";
import type { ServiceName } from "./service-clients.js";
import { DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from "./tokens.js";

/** The typed configuration of one BFF, read once at start by its `main.ts`. */
export interface BffConfig {
  /** `<BFF>_PORT` (e.g. WEB_PORT, MOBILE_PORT). 0 picks a free port. */
  readonly port: number;
  /** `<BFF>_HOST`. @default "127.0.0.1" */
  readonly host: string;
  /** `USERS_TARGETS`, `CATALOG_TARGETS`, `ORDERS_TARGETS`: one host:port, several IP host:ports, or one dns:///name:port each. */
  readonly targets: Readonly<Record<ServiceName, readonly string[]>>;
  /** `JWT_SECRET` (at least 32 chars); required when NODE_ENV=production, else generated. */
  readonly jwtSecret: string;
  /** True when the secret was generated for this process (tokens die with it). */
  readonly jwtSecretGenerated: boolean;
  /**
   * `JWT_TTL_SECONDS`: lifetime of issued access tokens; a client renews them with its refresh
   * token. Also how long an ended session stays on the revocation list. @default 300
   */
  readonly jwtTtlSeconds: number;
  /** `REQUEST_BUDGET_MS`: deadline budget of one GraphQL request. @default 2000 */
  readonly requestBudgetMs: number;
  /** `SHUTDOWN_GRACE_MS`: how long in-flight requests may finish on shutdown. @default 10000 */
  readonly shutdownGraceMs: number;
  /** `LOG_LEVEL`. @default "info" */
  readonly logLevel: string;
  /** `NODE_ENV` is "production". */
  readonly production: boolean;
  /** `MAX_DEPTH`, `MAX_ALIASES`, `MAX_TOKENS`, `MAX_COST`, `MAX_BODY_BYTES`. */
  readonly limits: BffLimits;
  /**
   * Send AIP-157 read masks derived from each operation (`<prefix>_READ_MASKS`, `on` or `off`;
   * default on). Off reads every field, as before masks existed: the benchmark's comparison.
   */
  readonly readMasks: boolean;
  /**
   * `<PREFIX>_METRICS_PORT` / `_METRICS_HOST` (the `/metrics` server) and the standard `OTEL_*`
   * trace keys (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER(_ARG)`, …):
   * what `createTelemetry` takes. Tracing is off unless an OTLP endpoint is set.
   */
  readonly telemetry: TelemetrySettings;
  /**
   * `REDIS_URL` (redis:// or rediss://): the Redis every replica shares rate limits (and the
   * session revocation list) through. @default none: both kept in this process's memory
   */
  readonly redisUrl?: string | undefined;
  /** `TRUST_PROXY_HOPS`, `HSTS`, `CORS_ORIGINS`, `CORS_CREDENTIALS`: see `HttpPolicy`. */
  readonly http: HttpPolicy;
  /** The `RATE_LIMIT_*` keys: login, signUp, refresh and operation budget limits (see `RateLimitSettings`). */
  readonly rateLimits: RateLimitSettings;
  /**
   * How this BFF calls the services: `GRPC_TLS_CA_FILE`, `GRPC_TLS_CERT_FILE`, `GRPC_TLS_KEY_FILE`
   * (mTLS; required in production) or `GRPC_INSECURE=true` (plaintext, refused in production).
   * main.ts turns them into a `GrpcTrust` with `loadGrpcTrust`, which reads the files.
   */
  readonly grpc: GrpcTrustSettings;
}

/** A configuration value that cannot be used; names the environment variable. */
export class BffConfigError extends Error {
  constructor(readonly envVar: string, problem: string) {
    super(`${envVar}: ${problem}`);
    this.name = "BffConfigError";
  }
}

/** How one BFF names its own keys. */
export interface BffConfigOptions {
  /** Prefix of the BFF's own keys: "WEB" reads WEB_PORT and WEB_HOST. */
  readonly prefix: string;
  /** Port when `<prefix>_PORT` is not set (web 4000, mobile 4001). */
  readonly defaultPort: number;
  /** The process's name: the default `OTEL_SERVICE_NAME` of its spans ("bff-web", "bff-mobile"). */
  readonly name: string;
  /** Port of the `/metrics` server when `<prefix>_METRICS_PORT` is not set (web 9464, mobile 9465). */
  readonly metricsPort: number;
}

const DEFAULT_TARGETS: Readonly<Record<ServiceName, string>> = {
  users: "127.0.0.1:50061",
  catalog: "127.0.0.1:50062",
  orders: "127.0.0.1:50063",
};

const SERVICES: readonly ServiceName[] = ["users", "catalog", "orders"];

/**
 * Every environment key {@link loadBffConfig} reads for a BFF whose own keys carry `prefix`: the
 * list a deployment's manifests are checked against (a key set there but read by nobody is a typo).
 */
export function bffConfigKeys(prefix: string): readonly string[] {
  return [
    "NODE_ENV",
    `${prefix}_PORT`,
    `${prefix}_HOST`,
    ...SERVICES.map((service) => `${service.toUpperCase()}_TARGETS`),
    "JWT_SECRET",
    "JWT_TTL_SECONDS",
    "REQUEST_BUDGET_MS",
    "SHUTDOWN_GRACE_MS",
    "LOG_LEVEL",
    `${prefix}_READ_MASKS`,
    "MAX_DEPTH",
    "MAX_ALIASES",
    "MAX_TOKENS",
    "MAX_COST",
    "MAX_BODY_BYTES",
    ...Object.values(telemetryConfigSpec({ prefix, metricsPort: 0, name: "" })).map((key) => key.env),
    "REDIS_URL",
    ...Object.values(httpConfigSpec()).map((key) => key.env),
    ...Object.values(rateLimitConfigSpec()).map((key) => key.env),
    ...Object.values(grpcTlsConfigSpec()).map((key) => key.env),
  ];
}

/**
 * Reads and validates the BFF keys from `env` (pass `process.env` from main.ts only). Throws a
 * {@link BffConfigError} naming the first bad key.
 */
export function loadBffConfig(options: BffConfigOptions, env: Readonly<Record<string, string | undefined>>): BffConfig {
  const read = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = read(key);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new BffConfigError(key, `expected a whole number, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) throw new BffConfigError(key, `expected ${min} to ${max}, got ${value}`);
    return value;
  };
  const onOff = (key: string, fallback: boolean): boolean => {
    const raw = read(key);
    if (raw === undefined) return fallback;
    if (raw !== "on" && raw !== "off") throw new BffConfigError(key, `expected on or off, got "${raw}"`);
    return raw === "on";
  };
  const targetsOf = (service: ServiceName): string[] => {
    const key = `${service.toUpperCase()}_TARGETS`;
    try {
      return targets().parse(read(key) ?? DEFAULT_TARGETS[service]);
    } catch (error) {
      throw new BffConfigError(key, (error as Error).message);
    }
  };

  const production = isProduction(env);
  const givenSecret = read("JWT_SECRET");
  if (givenSecret !== undefined && givenSecret.length < 32) {
    throw new BffConfigError("JWT_SECRET", "must be at least 32 characters");
  }
  if (givenSecret === undefined && production) {
    throw new BffConfigError("JWT_SECRET", "is required when NODE_ENV=production");
  }

  const limits: BffLimits = {
    maxDepth: int("MAX_DEPTH", DEFAULT_LIMITS.maxDepth, 2, 100),
    maxAliases: int("MAX_ALIASES", DEFAULT_LIMITS.maxAliases, 0, 1000),
    maxTokens: int("MAX_TOKENS", DEFAULT_LIMITS.maxTokens, 50, 100_000),
    maxCost: int("MAX_COST", DEFAULT_LIMITS.maxCost, 10, 10_000_000),
    maxBodyBytes: int("MAX_BODY_BYTES", DEFAULT_LIMITS.maxBodyBytes, 1024, 10_000_000),
  };
  const redisUrl = read("REDIS_URL");
  if (redisUrl !== undefined) {
    try {
      url({ protocols: ["redis:", "rediss:"] }).parse(redisUrl);
    } catch (error) {
      throw new BffConfigError("REDIS_URL", (error as Error).message);
    }
  }

  return {
    port: int(`${options.prefix}_PORT`, options.defaultPort, 0, 65_535),
    host: read(`${options.prefix}_HOST`) ?? "127.0.0.1",
    targets: { users: targetsOf("users"), catalog: targetsOf("catalog"), orders: targetsOf("orders") },
    jwtSecret: givenSecret ?? randomBytes(32).toString("base64url"),
    jwtSecretGenerated: givenSecret === undefined,
    jwtTtlSeconds: int("JWT_TTL_SECONDS", DEFAULT_ACCESS_TOKEN_TTL_SECONDS, 30, 86_400),
    requestBudgetMs: int("REQUEST_BUDGET_MS", 2000, 50, 120_000),
    shutdownGraceMs: int("SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    logLevel: logLevel(read("LOG_LEVEL")),
    production,
    readMasks: onOff(`${options.prefix}_READ_MASKS`, true),
    telemetry: settingsOf(telemetryConfigSpec(options), env),
    limits,
    redisUrl,
    http: httpPolicy(env),
    rateLimits: rateLimitSettings(env, limits.maxCost),
    grpc: settingsOf(grpcTlsConfigSpec(), env),
  };
}

/** The keys of `spec`, parsed by the runtime's loader; a bad one becomes a BffConfigError naming it. */
function settingsOf<S extends ConfigSpec>(spec: S, env: Readonly<Record<string, string | undefined>>): ConfigOf<S> {
  try {
    return loadConfig(spec, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const [first] = error.problems;
    throw new BffConfigError(first!.env, error.problems.map((p) => (p === first ? p.problem : `${p.env}: ${p.problem}`)).join("; "));
  }
}

function httpPolicy(env: Readonly<Record<string, string | undefined>>): HttpPolicy {
  const policy = httpPolicyOf(settingsOf(httpConfigSpec(), env));
  if ("problem" in policy) throw new BffConfigError(policy.env, policy.problem);
  return policy;
}

/** The rate limits; an operation budget must fit the costliest operation MAX_COST lets through. */
function rateLimitSettings(env: Readonly<Record<string, string | undefined>>, maxCost: number): RateLimitSettings {
  const settings: RateLimitSettings = settingsOf(rateLimitConfigSpec(), env);
  const conflict = checkRateLimits(settings);
  if (conflict) throw new BffConfigError(conflict.env, conflict.problem);
  for (const [env, budget] of [["RATE_LIMIT_OPERATIONS_USER", settings.operationsUser], ["RATE_LIMIT_OPERATIONS_IP", settings.operationsIp]] as const) {
    if (budget !== null && budget.points < maxCost) {
      throw new BffConfigError(env, `${budget.points} points per window is less than MAX_COST (${maxCost}): the costliest allowed operation could never run`);
    }
  }
  return settings;
}

function logLevel(raw: string | undefined): string {
  if (raw === undefined) return "info";
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new BffConfigError("LOG_LEVEL", `expected one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
  return raw;
}
