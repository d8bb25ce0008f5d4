import { grpcTlsConfigSpec, int, list, loadConfig, secret, str, type ConfigOf } from "@shop/grpc-runtime";

/**
 * Settings of the naive BFF process (bench-only). Its gRPC trust keys are the ones every process
 * reads (`GRPC_TLS_CA_FILE`, `GRPC_TLS_CERT_FILE`, `GRPC_TLS_KEY_FILE`, or `GRPC_INSECURE=true`):
 * the benchmark gives it bff-web's.
 */
export const NAIVE_CONFIG_SPEC = {
  port: { env: "NAIVE_PORT", doc: "HTTP port; 0 picks a free one (printed on start).", parse: int({ min: 0, max: 65535 }), default: 0 },
  host: { env: "NAIVE_HOST", doc: "Interface to listen on.", parse: str({ minLength: 1 }), default: "127.0.0.1" },
  usersTargets: { env: "USERS_TARGETS", doc: "host:port of the users service.", parse: list(str({ minLength: 1 })) },
  catalogTargets: { env: "CATALOG_TARGETS", doc: "host:port of the catalog service.", parse: list(str({ minLength: 1 })) },
  ordersTargets: { env: "ORDERS_TARGETS", doc: "host:port of the orders service.", parse: list(str({ minLength: 1 })) },
  jwtSecret: { env: "JWT_SECRET", doc: "The shared BFF token secret (tokens of bff-web work here).", parse: secret({ minLength: 32 }) },
  requestBudgetMs: { env: "REQUEST_BUDGET_MS", doc: "Deadline budget of one GraphQL request.", parse: int({ min: 1 }), default: 2_000 },
  ...grpcTlsConfigSpec(),
} as const;

export type NaiveConfig = ConfigOf<typeof NAIVE_CONFIG_SPEC>;

/** Reads the naive BFF's settings from the environment (once, in main.ts). */
export function loadNaiveConfig(env: Record<string, string | undefined>): NaiveConfig {
  return loadConfig(NAIVE_CONFIG_SPEC, env);
}
