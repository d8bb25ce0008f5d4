import { loadConfig, type ConfigOf } from "@shop/grpc-runtime";
import { domainServiceConfigSpec } from "@shop/service-host";

/** Every setting of the catalog service: its environment variable, meaning, format and default. */
export const catalogConfigSpec = {
  ...domainServiceConfigSpec({ prefix: "CATALOG", port: 50062, metricsPort: 9462, healthPort: 50072, seedDoc: "the 5,000 demo products" }),
} as const;

/** The parsed configuration of the catalog service. */
export type CatalogConfig = ConfigOf<typeof catalogConfigSpec>;

/** Reads the configuration once from the environment (only `main.ts` and `seed-command.ts` call this). */
export function loadCatalogConfig(env: Record<string, string | undefined>): CatalogConfig {
  return loadConfig(catalogConfigSpec, env);
}
