import type { Parser } from "@shop/grpc-runtime";

/** Which web origins may call the BFF from a browser (`CORS_ORIGINS`, `CORS_CREDENTIALS`). */
export interface CorsPolicy {
  /** Exact origins (`https://shop.example`), or `["*"]` for any; empty = no CORS headers at all. */
  readonly origins: readonly string[];
  /** Send `Access-Control-Allow-Credentials: true` (cookies, HTTP auth); never with `*`. */
  readonly credentials: boolean;
}

export const NO_CORS: CorsPolicy = { origins: [], credentials: false };

/** Request headers a browser app may send (the CSRF ones, auth, tracing, request id, app version). */
export const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "x-request-id",
  "x-graphql-csrf",
  "x-graphql-yoga-csrf",
  "apollo-require-preflight",
  "traceparent",
  "tracestate",
  "x-app-version",
].join(", ");

/** Response headers a browser app may read: how long to wait after a 429, and the request id of a bug report. */
export const CORS_EXPOSED_HEADERS = "retry-after, x-request-id";

/** How long a browser may cache a preflight answer, seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * `CORS_ORIGINS`: a comma-separated list of exact origins, `scheme://host[:port]` over http or
 * https with nothing after (no path, no trailing slash, no wildcard inside a name), or `*` alone.
 */
export function corsOrigins(): Parser<string[]> {
  return {
    format: "comma-separated origins (https://shop.example,http://localhost:3000) or *",
    parse(raw) {
      const entries = raw.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
      if (entries.length > 100) throw new Error(`at most 100 origins, got ${entries.length}`);
      if (entries.includes("*")) {
        if (entries.length > 1) throw new Error("* allows every origin and cannot be combined with others");
        return ["*"];
      }
      return entries.map((entry) => {
        if (!isExactOrigin(entry)) throw new Error(`"${entry.slice(0, 100)}" is not an origin such as https://shop.example (scheme, host, optional port; nothing after)`);
        return entry;
      });
    },
  };
}

function isExactOrigin(entry: string): boolean {
  if (entry.length > 253 || /[\s*]/.test(entry)) return false;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return false;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && url.origin === entry;
}

/**
 * The CORS headers of one response for a request from `origin`, or undefined when none are due:
 * no policy, no Origin header, or an origin not on the list (the browser then keeps the answer
 * from the page). `Vary: Origin` comes with every answer of a BFF that has a policy, listed or
 * not, so a shared cache never hands one origin's answer to another.
 */
export function corsHeaders(policy: CorsPolicy, origin: string | undefined, preflight: boolean): Record<string, string> | undefined {
  if (policy.origins.length === 0) return undefined;
  const vary = { vary: "Origin" };
  if (origin === undefined) return vary;
  const any = policy.origins[0] === "*";
  if (!any && !policy.origins.includes(origin)) return vary;
  return {
    ...vary,
    "access-control-allow-origin": any ? "*" : origin,
    ...(policy.credentials ? { "access-control-allow-credentials": "true" } : {}),
    ...(preflight
      ? {
          "access-control-allow-methods": "GET, POST, OPTIONS",
          "access-control-allow-headers": CORS_ALLOWED_HEADERS,
          "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
        }
      : { "access-control-expose-headers": CORS_EXPOSED_HEADERS }),
  };
}
