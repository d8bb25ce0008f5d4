import type { Plugin } from "graphql-yoga";

/**
 * The Content-Security-Policy of everything but GraphiQL (JSON answers, health, errors): nothing
 * may load, nothing may frame it.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The Content-Security-Policy of the GraphiQL page and its assets: scripts, styles, workers and
 * fonts from this BFF only (the page has no inline script: see graphiql.ts), queries to this BFF
 * only. GraphiQL's editor sets element styles at run time, hence `'unsafe-inline'` for styles only.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** One year, with subdomains: what browsers remember after one answer over TLS. */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/**
 * `HSTS`: `auto` sends Strict-Transport-Security on answers to requests that arrived over TLS
 * (per a trusted proxy's X-Forwarded-Proto: the BFF itself speaks plain HTTP), `on` on every
 * answer (TLS is terminated by something the BFF cannot see), `off` never.
 */
export type HstsMode = "auto" | "on" | "off";

/**
 * The headers every BFF answer carries (GraphQL, GraphiQL, health, 404s, errors): no MIME sniffing,
 * no referrer, never framed, readable by same-site pages only, the API CSP (GraphiQL's replaces it),
 * and HSTS when `tls` says the request came over TLS.
 */
export function securityHeaders(tls: boolean): [name: string, value: string][] {
  return tls ? [...BASE_HEADERS, ["strict-transport-security", HSTS_VALUE]] : BASE_HEADERS;
}

const BASE_HEADERS: [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "no-referrer"],
  ["x-frame-options", "DENY"],
  ["cross-origin-resource-policy", "same-site"],
  ["content-security-policy", API_CSP],
];

/** Gives yoga's HTML answers (the GraphiQL page) the GraphiQL CSP instead of the API one. */
export function useGraphiqlCsp(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get("content-type")?.startsWith("text/html")) response.headers.set("content-security-policy", GRAPHIQL_CSP);
    },
  };
}
