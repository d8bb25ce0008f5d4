import { bffConfigKeys, loadBffConfig, type BffConfig } from "@shop/bff-kit";

const OPTIONS = { prefix: "WEB", defaultPort: 4000, name: "bff-web", metricsPort: 9464 } as const;

/** Every environment key the web BFF reads (manifests are checked against it). */
export const WEB_CONFIG_KEYS: readonly string[] = bffConfigKeys(OPTIONS.prefix);

/**
 * The web BFF's configuration: WEB_PORT (default 4000), WEB_HOST, WEB_METRICS_PORT (default 9464),
 * WEB_METRICS_HOST, the `OTEL_*` trace keys and the shared BFF keys.
 */
export function loadWebConfig(env: Readonly<Record<string, string | undefined>>): BffConfig {
  return loadBffConfig(OPTIONS, env);
}
