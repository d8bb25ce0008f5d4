import { bool, int, oneOf } from "@shop/grpc-runtime";
import { corsOrigins, NO_CORS, type CorsPolicy } from "./cors.js";
import type { HstsMode } from "./security-headers.js";

/** How a BFF treats HTTP from browsers and proxies (`TRUST_PROXY_HOPS`, `HSTS`, `CORS_*`). */
export interface HttpPolicy {
  /**
   * `TRUST_PROXY_HOPS`: how many proxies in front of the BFF append to X-Forwarded-For and set
   * X-Forwarded-Proto. 0 = none: the socket's peer is the client, and no forwarding header is
   * believed. @default 0
   */
  readonly trustProxyHops: number;
  /** `HSTS`: auto, on or off (see {@link HstsMode}). @default "auto" */
  readonly hsts: HstsMode;
  /** `CORS_ORIGINS`, `CORS_CREDENTIALS`. @default none: no CORS headers */
  readonly cors: CorsPolicy;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = { trustProxyHops: 0, hsts: "auto", cors: NO_CORS };

/** The HTTP keys as a config spec (see `loadConfig` of `@shop/grpc-runtime`); {@link httpPolicyOf} checks them together. */
export function httpConfigSpec() {
  return {
    trustProxyHops: {
      env: "TRUST_PROXY_HOPS",
      doc: "Proxies in front of the BFF whose X-Forwarded-For / X-Forwarded-Proto entries are believed (0 = none)",
      parse: int({ min: 0, max: 10 }),
      default: DEFAULT_HTTP_POLICY.trustProxyHops,
    },
    hsts: {
      env: "HSTS",
      doc: "Strict-Transport-Security: auto (requests that came over TLS), on (every answer) or off",
      parse: oneOf(["auto", "on", "off"] as const),
      default: DEFAULT_HTTP_POLICY.hsts,
    },
    corsOrigins: {
      env: "CORS_ORIGINS",
      doc: "Web origins allowed to call from a browser, comma-separated exact origins or *; empty = no CORS headers",
      parse: corsOrigins(),
      default: [] as string[],
    },
    corsCredentials: {
      env: "CORS_CREDENTIALS",
      doc: "Allow credentialed cross-origin requests (Access-Control-Allow-Credentials); refused with *",
      parse: bool(),
      default: false,
    },
  } as const;
}

/** The policy of parsed keys, or the problem of a contradiction between them (naming its key). */
export function httpPolicyOf(raw: {
  readonly trustProxyHops: number;
  readonly hsts: HstsMode;
  readonly corsOrigins: readonly string[];
  readonly corsCredentials: boolean;
}): HttpPolicy | { readonly env: string; readonly problem: string } {
  if (raw.corsCredentials && raw.corsOrigins.includes("*")) {
    return { env: "CORS_ORIGINS", problem: "* cannot be used with CORS_CREDENTIALS=true: list the exact origins" };
  }
  return { trustProxyHops: raw.trustProxyHops, hsts: raw.hsts, cors: { origins: raw.corsOrigins, credentials: raw.corsCredentials } };
}
