import { loadBffConfig, type BffConfig } from "@shop/bff-kit";

/** The web BFF's configuration: WEB_PORT (default 4000), WEB_HOST and the shared BFF keys. */
export function loadWebConfig(env: Readonly<Record<string, string | undefined>>): BffConfig {
  return loadBffConfig({ prefix: "WEB", defaultPort: 4000 }, env);
}
