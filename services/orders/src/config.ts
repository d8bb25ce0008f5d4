import { loadConfig, targets, type ConfigOf } from "@shop/grpc-runtime";
import { domainServiceConfigSpec } from "@shop/service-host";

/** Every setting of the orders service: its environment variable, meaning, format and default. */
export const ordersConfigSpec = {
  ...domainServiceConfigSpec({ prefix: "ORDERS", port: 50063, metricsPort: 9463, healthPort: 50073, seedDoc: "the 20,000 demo orders" }),
  catalogTargets: {
    env: "CATALOG_TARGETS",
    doc: "Catalog service address(es): host:port, several IP host:port balanced per call, or one dns:///name:port",
    parse: targets(),
    default: ["127.0.0.1:50062"],
  },
} as const;

/** The parsed configuration of the orders service. */
export type OrdersConfig = ConfigOf<typeof ordersConfigSpec>;

/** Reads the configuration once from the environment (only `main.ts` and `seed-command.ts` call this); a ConfigError names every bad key. */
export function loadOrdersConfig(env: Record<string, string | undefined>): OrdersConfig {
  return loadConfig(ordersConfigSpec, env);
}
