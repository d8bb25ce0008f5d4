import { describe, expect, it } from "vitest";
import { checkReplicaDatabases, DEFAULT_HEALTH_PORTS, DEFAULT_METRICS_PORTS, planProcesses, type ProcessName, type TrustPlan } from "./system-processes.js";

const PORTS: Record<ProcessName, number> = { users: 41001, catalog: 41002, orders: 41003, "bff-web": 41004, "bff-mobile": 41005 };
const URL_OF = (name: string) => `postgres://postgres@127.0.0.1:5432/shop_${name}`;
const INSECURE: TrustPlan = { mode: "insecure" };
const base = { root: "/repo", ports: PORTS, dataDir: "/tmp/data", mobileTrustedDocumentsOnly: false, jwtSecret: "s".repeat(40), logLevel: "warn", trust: INSECURE };

describe("planning replicas", () => {
  it("when a service has replicas, then each gets its own port and instance name, and every caller gets every address", () => {
    const plans = planProcesses({
      ...base,
      replicaPorts: { catalog: [42002, 43002], orders: [42003] },
      databaseUrls: { users: URL_OF("users"), catalog: URL_OF("catalog"), orders: URL_OF("orders") },
    });
    expect(plans.map((p) => [p.instance, p.port, p.replica])).toEqual([
      ["users", 41001, 1],
      ["catalog-1", 41002, 1],
      ["catalog-2", 42002, 2],
      ["catalog-3", 43002, 3],
      ["orders-1", 41003, 1],
      ["orders-2", 42003, 2],
      ["bff-web", 41004, 1],
      ["bff-mobile", 41005, 1],
    ]);
    const catalog = plans.filter((p) => p.name === "catalog");
    expect(catalog.map((p) => p.env.CATALOG_PORT)).toEqual(["41002", "42002", "43002"]);
    expect(new Set(catalog.map((p) => p.env.CATALOG_DATABASE_URL))).toEqual(new Set([URL_OF("catalog")]));
    const everyCatalog = "127.0.0.1:41002,127.0.0.1:42002,127.0.0.1:43002";
    const everyOrders = "127.0.0.1:41003,127.0.0.1:42003";
    for (const bff of plans.filter((p) => p.kind === "http")) {
      expect(bff.env).toMatchObject({ USERS_TARGETS: "127.0.0.1:41001", CATALOG_TARGETS: everyCatalog, ORDERS_TARGETS: everyOrders });
    }
    for (const orders of plans.filter((p) => p.name === "orders")) expect(orders.env.CATALOG_TARGETS).toBe(everyCatalog);
    // The first instance migrates the shared database; the other replicas do not.
    expect(catalog.map((p) => p.env.CATALOG_MIGRATE_ON_START)).toEqual([undefined, "false", "false"]);
  });

  it("when nothing asks for replicas, then the plans are the five processes as before", () => {
    const plans = planProcesses({ ...base, databaseUrls: {} });
    expect(plans.map((p) => p.instance)).toEqual(["users", "catalog", "orders", "bff-web", "bff-mobile"]);
    expect(plans.find((p) => p.name === "bff-web")!.env.CATALOG_TARGETS).toBe("127.0.0.1:41002");
  });

  it("when replicas would run on embedded PGlite, then planning refuses and says what to give", () => {
    expect(() => planProcesses({ ...base, replicaPorts: { catalog: [42002] }, databaseUrls: { users: URL_OF("users") } })).toThrow(
      /--replicas catalog=2: replicas of a service share one PostgreSQL database, and catalog would run on embedded PGlite.*--postgres\[=URL\] \(or set CATALOG_DATABASE_URL\)/,
    );
    expect(() => checkReplicaDatabases({ users: 2, orders: 3 }, { catalog: URL_OF("catalog") })).toThrow(/users=2,orders=3.*USERS_DATABASE_URL, ORDERS_DATABASE_URL/);
    expect(() => checkReplicaDatabases({ catalog: 3 }, { catalog: URL_OF("catalog") })).not.toThrow();
    expect(() => checkReplicaDatabases({ catalog: 1 }, {})).not.toThrow();
  });
});

describe("planning metrics ports and tracing", () => {
  const urls = { users: URL_OF("users"), catalog: URL_OF("catalog"), orders: URL_OF("orders") };
  const metricsPortOf = (env: Record<string, string>): string[] => Object.entries(env).filter(([key]) => key.endsWith("_METRICS_PORT")).map(([key, value]) => `${key}=${value}`);

  it("when metrics ports are given, then each instance gets its own one under its own prefix, replicas included", () => {
    const plans = planProcesses({
      ...base,
      replicaPorts: { catalog: [42002, 43002] },
      metricsPorts: DEFAULT_METRICS_PORTS,
      replicaMetricsPorts: { catalog: [52002, 53002] },
      databaseUrls: urls,
    });
    expect(plans.map((p) => [p.instance, p.metricsPort, ...metricsPortOf(p.env)])).toEqual([
      ["users", 9461, "USERS_METRICS_PORT=9461"],
      ["catalog-1", 9462, "CATALOG_METRICS_PORT=9462"],
      ["catalog-2", 52002, "CATALOG_METRICS_PORT=52002"],
      ["catalog-3", 53002, "CATALOG_METRICS_PORT=53002"],
      ["orders", 9463, "ORDERS_METRICS_PORT=9463"],
      ["bff-web", 9464, "WEB_METRICS_PORT=9464"],
      ["bff-mobile", 9465, "MOBILE_METRICS_PORT=9465"],
    ]);
    expect(new Set(plans.map((p) => p.metricsPort)).size).toBe(plans.length);
  });

  it("when no metrics port is given, then each process binds a free one itself (0) rather than a default another system may hold", () => {
    const plans = planProcesses({ ...base, databaseUrls: {} });
    expect(plans.map((p) => p.metricsPort)).toEqual([0, 0, 0, 0, 0]);
    expect(plans.find((p) => p.name === "bff-mobile")!.env.MOBILE_METRICS_PORT).toBe("0");
  });

  it("when tracing is planned, then every process gets the same OTEL_* variables; without it, none", () => {
    const traced = planProcesses({ ...base, databaseUrls: {}, tracing: { endpoint: "http://127.0.0.1:4318", sampleRatio: 0.1, exportDelayMs: 100 } });
    for (const plan of traced) {
      expect(Object.fromEntries(Object.entries(plan.env).filter(([key]) => key.startsWith("OTEL_"))), plan.instance).toEqual({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.1",
        OTEL_BSP_SCHEDULE_DELAY: "100",
      });
    }
    const endpointOnly = planProcesses({ ...base, databaseUrls: {}, tracing: { endpoint: "https://otel.example/" } });
    expect(Object.keys(endpointOnly[0]!.env).filter((key) => key.startsWith("OTEL_"))).toEqual(["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    const untraced = planProcesses({ ...base, databaseUrls: {} });
    expect(untraced.flatMap((p) => Object.keys(p.env)).filter((key) => key.startsWith("OTEL_"))).toEqual([]);
  });
});

describe("planning the trust between the processes", () => {
  const grpcKeys = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith("GRPC_")));
  const pkiFiles = (identity: string) => ({ caFile: "/pki/ca.pem", certFile: `/pki/${identity}.pem`, keyFile: `/pki/${identity}.key.pem` });

  it("when mutual TLS is planned, then each process, each replica included, gets the CA and its own certificate and key, and plaintext is blanked", () => {
    const plans = planProcesses({
      ...base,
      trust: { mode: "mtls", files: pkiFiles },
      replicaPorts: { catalog: [42002] },
      databaseUrls: { catalog: URL_OF("catalog") },
    });
    expect(plans.map((p) => [p.instance, grpcKeys(p.env)])).toEqual(
      [["users", "users"], ["catalog-1", "catalog"], ["catalog-2", "catalog"], ["orders", "orders"], ["bff-web", "bff-web"], ["bff-mobile", "bff-mobile"]].map(([instance, identity]) => [
        instance,
        { GRPC_INSECURE: "", GRPC_TLS_CA_FILE: "/pki/ca.pem", GRPC_TLS_CERT_FILE: `/pki/${identity}.pem`, GRPC_TLS_KEY_FILE: `/pki/${identity}.key.pem` },
      ]),
    );
  });

  it("when plaintext is planned, then every process gets GRPC_INSECURE=true and the TLS files blanked (a shell's own values cannot mix in)", () => {
    for (const plan of planProcesses({ ...base, databaseUrls: {} })) {
      expect(grpcKeys(plan.env), plan.instance).toEqual({ GRPC_INSECURE: "true", GRPC_TLS_CA_FILE: "", GRPC_TLS_CERT_FILE: "", GRPC_TLS_KEY_FILE: "" });
    }
  });

  it("when health ports are given, then each service instance gets its plaintext health-only port; the BFFs get none", () => {
    const plans = planProcesses({
      ...base,
      replicaPorts: { catalog: [42002] },
      healthPorts: { users: [DEFAULT_HEALTH_PORTS.users], catalog: [DEFAULT_HEALTH_PORTS.catalog, 52102], orders: [DEFAULT_HEALTH_PORTS.orders] },
      databaseUrls: { catalog: URL_OF("catalog") },
    });
    expect(plans.map((p) => [p.instance, p.healthPort, Object.entries(p.env).find(([key]) => key.endsWith("_HEALTH_PORT"))?.join("=")])).toEqual([
      ["users", 50071, "USERS_HEALTH_PORT=50071"],
      ["catalog-1", 50072, "CATALOG_HEALTH_PORT=50072"],
      ["catalog-2", 52102, "CATALOG_HEALTH_PORT=52102"],
      ["orders", 50073, "ORDERS_HEALTH_PORT=50073"],
      ["bff-web", undefined, undefined],
      ["bff-mobile", undefined, undefined],
    ]);
  });
});
