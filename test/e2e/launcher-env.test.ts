import { describe, expect, it } from "vitest";
import { planProcesses, type ProcessName, type ProcessPlan, type TrustPlan } from "../../scripts/launcher/system-processes.js";
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

const HEALTH_PORTS = { users: 42001, catalog: 42002, orders: 42003 };
const EVERY_HEALTH_PORT = { users: [HEALTH_PORTS.users], catalog: [HEALTH_PORTS.catalog], orders: [HEALTH_PORTS.orders] };
const MTLS: TrustPlan = { mode: "mtls", files: (identity) => ({ caFile: "/pki/ca.pem", certFile: `/pki/${identity}.pem`, keyFile: `/pki/${identity}.key.pem` }) };

function plansWith(databaseUrls: Parameters<typeof planProcesses>[0]["databaseUrls"] = {}, mobileTrustedDocumentsOnly = true, trust: TrustPlan = MTLS): Record<ProcessName, ProcessPlan> {
  const plans = planProcesses({
    root: "/repo",
    ports: PORTS,
    healthPorts: EVERY_HEALTH_PORT,
    dataDir: "/tmp/data",
    databaseUrls,
    mobileTrustedDocumentsOnly,
    jwtSecret: SECRET,
    logLevel: "warn",
    trust,
  });
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
      expect(config.healthPort, name).toBe(HEALTH_PORTS[name]);
      expect(config, name).toMatchObject({ grpcInsecure: false, grpcTlsCaFile: "/pki/ca.pem", grpcTlsCertFile: `/pki/${name}.pem`, grpcTlsKeyFile: `/pki/${name}.key.pem` });
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
    expect(web.grpc).toEqual({ grpcInsecure: false, grpcTlsCaFile: "/pki/ca.pem", grpcTlsCertFile: "/pki/bff-web.pem", grpcTlsKeyFile: "/pki/bff-web.key.pem" });
    expect(mobile.grpc).toMatchObject({ grpcTlsCertFile: "/pki/bff-mobile.pem" });
  });

  it("when plaintext is planned, then every process reads GRPC_INSECURE=true and no TLS file", () => {
    const plans = plansWith({}, true, { mode: "insecure" });
    const plaintext = { grpcInsecure: true, grpcTlsCaFile: undefined, grpcTlsCertFile: undefined, grpcTlsKeyFile: undefined };
    expect(loadUsersConfig(plans.users.env)).toMatchObject(plaintext);
    expect(loadCatalogConfig(plans.catalog.env)).toMatchObject(plaintext);
    expect(loadOrdersConfig(plans.orders.env)).toMatchObject(plaintext);
    expect(loadWebConfig(plans["bff-web"].env).grpc).toEqual(plaintext);
    expect(loadMobileConfig(plans["bff-mobile"].env).grpc).toEqual(plaintext);
  });
});
