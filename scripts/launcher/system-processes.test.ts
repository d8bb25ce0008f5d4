import { describe, expect, it } from "vitest";
import { checkReplicaDatabases, planProcesses, type ProcessName } from "./system-processes.js";

const PORTS: Record<ProcessName, number> = { users: 41001, catalog: 41002, orders: 41003, "bff-web": 41004, "bff-mobile": 41005 };
const URL_OF = (name: string) => `postgres://postgres@127.0.0.1:5432/shop_${name}`;
const base = { root: "/repo", ports: PORTS, dataDir: "/tmp/data", mobileTrustedDocumentsOnly: false, jwtSecret: "s".repeat(40), logLevel: "warn" };

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
