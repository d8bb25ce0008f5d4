import { describe, expect, it } from "vitest";
import { planProcesses, type ProcessName, type ProcessPlan } from "../../scripts/launcher/system-processes.js";
import { catalogConfigSpec, loadCatalogConfig } from "@shop/catalog/config";
import { loadOrdersConfig, ordersConfigSpec } from "@shop/orders/config";
import { loadUsersConfig, usersConfigSpec } from "@shop/users/config";
import { loadWebConfig } from "@shop/bff-web/config";
import { loadMobileConfig } from "@shop/bff-mobile/config";

/**
 * The launcher's table of environment variables (scripts/launcher/system-processes.ts) read by the
 * very config loaders each process runs in its main.ts: a renamed key fails here, not as a
 * service silently listening on its default port during the end-to-end run.
 */

const PORTS: Record<ProcessName, number> = { users: 41001, catalog: 41002, orders: 41003, "bff-web": 41004, "bff-mobile": 41005 };
const SECRET = "a-jwt-secret-that-is-long-enough-for-the-bffs";

function plansWith(databaseUrls: Parameters<typeof planProcesses>[0]["databaseUrls"] = {}, mobileTrustedDocumentsOnly = true): Record<ProcessName, ProcessPlan> {
  const plans = planProcesses({ root: "/repo", ports: PORTS, dataDir: "/tmp/data", databaseUrls, mobileTrustedDocumentsOnly, jwtSecret: SECRET, logLevel: "warn" });
  return Object.fromEntries(plans.map((plan) => [plan.name, plan])) as Record<ProcessName, ProcessPlan>;
}

const envNames = (spec: Record<string, { readonly env: string }>) => new Set(Object.values(spec).map((setting) => setting.env));

describe("the launcher's environment table", () => {
  it("when a domain service reads its planned environment, then it listens on the planned port with its own data folder, and every planned key is one it knows", () => {
    const plans = plansWith();
    const services = [
      { name: "users", config: loadUsersConfig(plans.users.env), spec: usersConfigSpec },
      { name: "catalog", config: loadCatalogConfig(plans.catalog.env), spec: catalogConfigSpec },
      { name: "orders", config: loadOrdersConfig(plans.orders.env), spec: ordersConfigSpec },
    ] as const;
    for (const { name, config, spec } of services) {
      expect(config.port, name).toBe(PORTS[name]);
      expect(config.dataDir, name).toBe(`/tmp/data/${name}`);
      expect(config.databaseUrl, name).toBeUndefined();
      expect(config.logLevel, name).toBe("warn");
      const known = envNames(spec);
      expect(Object.keys(plans[name].env).filter((key) => !known.has(key)), `${name}: keys its config does not read`).toEqual([]);
    }
    expect(loadOrdersConfig(plans.orders.env).catalogTargets).toEqual([`127.0.0.1:${PORTS.catalog}`]);
  });

  it("when PostgreSQL URLs are given, then each service reads its own one", () => {
    const url = (name: string) => `postgres://postgres@127.0.0.1:5432/shop_${name}`;
    const plans = plansWith({ users: url("users"), catalog: url("catalog"), orders: url("orders") });
    expect(String(loadUsersConfig(plans.users.env).databaseUrl)).toBe(url("users"));
    expect(String(loadCatalogConfig(plans.catalog.env).databaseUrl)).toBe(url("catalog"));
    expect(String(loadOrdersConfig(plans.orders.env).databaseUrl)).toBe(url("orders"));
  });

  it("when the BFFs read their planned environment, then they listen on the planned ports, reach the three services and share the JWT secret", () => {
    const plans = plansWith();
    const web = loadWebConfig(plans["bff-web"].env);
    const mobile = loadMobileConfig(plans["bff-mobile"].env);
    const targets = { users: [`127.0.0.1:${PORTS.users}`], catalog: [`127.0.0.1:${PORTS.catalog}`], orders: [`127.0.0.1:${PORTS.orders}`] };
    expect(web).toMatchObject({ port: PORTS["bff-web"], targets, jwtSecret: SECRET, jwtSecretGenerated: false, logLevel: "warn" });
    expect(mobile).toMatchObject({ port: PORTS["bff-mobile"], targets, jwtSecret: SECRET, jwtSecretGenerated: false, trustedDocumentsOnly: true });
    expect(loadMobileConfig(plansWith({}, false)["bff-mobile"].env).trustedDocumentsOnly).toBe(false);
  });
});
