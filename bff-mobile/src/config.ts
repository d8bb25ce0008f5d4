import { bffConfigKeys, loadBffConfig, type BffConfig } from "@shop/bff-kit";
import { bool, list, loadConfig, str, type Parser } from "@shop/grpc-runtime";
import { isVersionName, VERSION_NAME_FORMAT } from "./documents/version-names.js";

/** An app version name as released (operations/released/<version>). */
const versionName: Parser<string> = {
  format: VERSION_NAME_FORMAT,
  parse(raw) {
    if (!isVersionName(raw)) throw new Error(`"${raw}" is not an app version (${VERSION_NAME_FORMAT})`);
    return raw;
  },
};

/** The mobile BFF's own keys, on top of the shared BFF keys (MOBILE_PORT, targets, JWT, limits). */
const MOBILE_SPEC = {
  trustedDocumentsOnly: {
    env: "MOBILE_TRUSTED_DOCUMENTS_ONLY",
    doc: "Accept only the app's trusted documents (operations/manifest.json and the supported released versions), sent by sha256 hash. Default: true when NODE_ENV=production.",
    parse: bool(),
    optional: true,
  },
  retiredAppVersions: {
    env: "MOBILE_RETIRED_APP_VERSIONS",
    doc: "Released app versions whose trusted documents are no longer accepted, e.g. 1.0.0,1.1.0 (folders of operations/released/).",
    parse: list(versionName),
    default: [] as string[],
  },
  releasedOperationsDir: {
    env: "MOBILE_RELEASED_OPERATIONS_DIR",
    doc: "The folder of released app versions' trusted documents. Default: operations/released of the package.",
    parse: str({ minLength: 1 }),
    optional: true,
  },
} as const;

/** The typed configuration of bff-mobile. */
export interface MobileConfig extends BffConfig {
  /** `MOBILE_TRUSTED_DOCUMENTS_ONLY`. @default true when NODE_ENV=production, else false */
  readonly trustedDocumentsOnly: boolean;
  /** `MOBILE_RETIRED_APP_VERSIONS`: released versions no longer served. @default [] */
  readonly retiredAppVersions: readonly string[];
  /** `MOBILE_RELEASED_OPERATIONS_DIR`. @default undefined (the package's operations/released) */
  readonly releasedOperationsDir: string | undefined;
}

/** The port when MOBILE_PORT is not set. */
export const DEFAULT_MOBILE_PORT = 4001;

/** The `/metrics` port when MOBILE_METRICS_PORT is not set. */
export const DEFAULT_MOBILE_METRICS_PORT = 9465;

/** Every environment key the mobile BFF reads (manifests are checked against it). */
export const MOBILE_CONFIG_KEYS: readonly string[] = [
  ...bffConfigKeys("MOBILE"),
  ...Object.values(MOBILE_SPEC).map((key) => key.env),
];

/** Reads and validates the configuration once (main.ts passes `process.env`). */
export function loadMobileConfig(env: Readonly<Record<string, string | undefined>>): MobileConfig {
  const shared = loadBffConfig({ prefix: "MOBILE", defaultPort: DEFAULT_MOBILE_PORT, name: "bff-mobile", metricsPort: DEFAULT_MOBILE_METRICS_PORT }, env);
  const own = loadConfig(MOBILE_SPEC, { ...env });
  return {
    ...shared,
    trustedDocumentsOnly: own.trustedDocumentsOnly ?? shared.production,
    retiredAppVersions: own.retiredAppVersions,
    releasedOperationsDir: own.releasedOperationsDir,
  };
}
