import { loadBffConfig, type BffConfig } from "@shop/bff-kit";
import { bool, loadConfig } from "@shop/grpc-runtime";

/** The mobile BFF's own keys, on top of the shared BFF keys (MOBILE_PORT, targets, JWT, limits). */
const MOBILE_SPEC = {
  trustedDocumentsOnly: {
    env: "MOBILE_TRUSTED_DOCUMENTS_ONLY",
    doc: "Accept only the app's trusted documents (operations/manifest.json), sent by sha256 hash. Default: true when NODE_ENV=production.",
    parse: bool(),
    optional: true,
  },
} as const;

/** The typed configuration of bff-mobile. */
export interface MobileConfig extends BffConfig {
  /** `MOBILE_TRUSTED_DOCUMENTS_ONLY`. @default true when NODE_ENV=production, else false */
  readonly trustedDocumentsOnly: boolean;
}

/** The port when MOBILE_PORT is not set. */
export const DEFAULT_MOBILE_PORT = 4001;

/** Reads and validates the configuration once (main.ts passes `process.env`). */
export function loadMobileConfig(env: Readonly<Record<string, string | undefined>>): MobileConfig {
  const shared = loadBffConfig({ prefix: "MOBILE", defaultPort: DEFAULT_MOBILE_PORT }, env);
  const own = loadConfig(MOBILE_SPEC, { ...env });
  return { ...shared, trustedDocumentsOnly: own.trustedDocumentsOnly ?? shared.production };
}
