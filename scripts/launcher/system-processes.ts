import { join } from "node:path";

/** The five processes of the system, in start order. */
export const PROCESS_NAMES = ["users", "catalog", "orders", "bff-web", "bff-mobile"] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];
export type ServiceName = "users" | "catalog" | "orders";

/** Default ports of `npm start`. */
export const DEFAULT_PORTS: Record<ProcessName, number> = {
  users: 50061,
  catalog: 50062,
  orders: 50063,
  "bff-web": 4000,
  "bff-mobile": 4001,
};

export interface ProcessPlan {
  readonly name: ProcessName;
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly port: number;
  readonly kind: "grpc" | "http";
}

export interface PlanOptions {
  readonly root: string;
  readonly ports: Record<ProcessName, number>;
  /** Parent folder of each service's PGlite data directory. */
  readonly dataDir: string;
  /** PostgreSQL URL per service; a service without one runs on embedded PGlite. */
  readonly databaseUrls: Partial<Record<ServiceName, string>>;
  readonly mobileTrustedDocumentsOnly: boolean;
  readonly jwtSecret: string;
  readonly logLevel: string;
}

/** The command line environment of every process: the only place that knows their env keys. */
export function planProcesses(options: PlanOptions): ProcessPlan[] {
  const { root, ports } = options;
  const targets = {
    USERS_TARGETS: `127.0.0.1:${ports.users}`,
    CATALOG_TARGETS: `127.0.0.1:${ports.catalog}`,
    ORDERS_TARGETS: `127.0.0.1:${ports.orders}`,
  };
  const common = { LOG_LEVEL: options.logLevel, SHUTDOWN_GRACE_MS: "5000" };
  const service = (name: ServiceName, extra: Record<string, string> = {}): ProcessPlan => {
    const prefix = name.toUpperCase();
    const url = options.databaseUrls[name];
    return {
      name,
      entry: join(root, "services", name, "src", "main.ts"),
      port: ports[name],
      kind: "grpc",
      env: {
        ...common,
        [`${prefix}_PORT`]: String(ports[name]),
        [`${prefix}_DATA_DIR`]: join(options.dataDir, name),
        ...(url ? { [`${prefix}_DATABASE_URL`]: url } : {}),
        ...extra,
      },
    };
  };
  const bff = (name: "bff-web" | "bff-mobile", extra: Record<string, string>): ProcessPlan => ({
    name,
    entry: join(root, name, "src", "main.ts"),
    port: ports[name],
    kind: "http",
    env: { ...common, ...targets, JWT_SECRET: options.jwtSecret, ...extra },
  });
  return [
    service("users"),
    service("catalog"),
    service("orders", { CATALOG_TARGETS: targets.CATALOG_TARGETS }),
    bff("bff-web", { WEB_PORT: String(ports["bff-web"]) }),
    bff("bff-mobile", {
      MOBILE_PORT: String(ports["bff-mobile"]),
      MOBILE_TRUSTED_DOCUMENTS_ONLY: String(options.mobileTrustedDocumentsOnly),
    }),
  ];
}
