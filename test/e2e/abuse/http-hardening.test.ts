import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevPki } from "@shop/grpc-runtime/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/launcher/launch-system.js";
import { runGraphiqlQuery } from "../support/graphiql-browser.js";
import { startBff, type BffName, type BffProcess } from "./support/bff-processes.js";
import { deadRedisUrl } from "./support/redis-keys.js";

/**
 * Security headers, CORS and production mode of both BFFs as processes (`node <bff>/src/main.ts`),
 * over real HTTP. What is checked here needs no domain service (headers, GraphiQL, validation,
 * preflights), so the services' addresses point at a closed port. Production processes run with
 * NODE_ENV=production, a JWT secret and a throwaway PKI, as a deployment would give them.
 */

const CHROMIUM = "/usr/bin/chromium";
const SHOP_ORIGIN = "https://shop.example";

let pkiDir: string;
const bffs: Partial<Record<string, BffProcess>> = {};

function bff(key: string): BffProcess {
  const process = bffs[key];
  if (process === undefined) throw new Error(`${key} did not start`);
  return process;
}

beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), "shop-abuse-pki-"));
  const pki = await createDevPki({ identities: ["bff-web", "bff-mobile"], dir: pkiDir });
  const nowhere = (await deadRedisUrl()).replace("redis://", "");
  const common = {
    USERS_TARGETS: nowhere, CATALOG_TARGETS: nowhere, ORDERS_TARGETS: nowhere,
    LOG_LEVEL: "warn", CORS_ORIGINS: `${SHOP_ORIGIN},http://localhost:3000`,
  };
  const development = { ...common, NODE_ENV: "development", GRPC_INSECURE: "true" };
  const production = (name: BffName) => ({ ...common, NODE_ENV: "production", JWT_SECRET: "abuse-e2e-secret-of-at-least-32-characters", ...pki.env(name), TRUST_PROXY_HOPS: "1" });
  const [webDev, mobileDev, webProd, mobileProd, mobileProdOpen, mobileBudget] = await Promise.all([
    startBff("bff-web", development),
    startBff("bff-mobile", development),
    startBff("bff-web", production("bff-web")),
    startBff("bff-mobile", production("bff-mobile")),
    // Trusted documents switched off in production by mistake: introspection must stay impossible.
    startBff("bff-mobile", { ...production("bff-mobile"), MOBILE_TRUSTED_DOCUMENTS_ONLY: "false" }),
    // A budget of 60 cost points a minute per address (the trusted Products document costs 20).
    startBff("bff-mobile", { ...production("bff-mobile"), MAX_COST: "60", RATE_LIMIT_OPERATIONS_IP: "60/1m" }),
  ]);
  Object.assign(bffs, { webDev, mobileDev, webProd, mobileProd, mobileProdOpen, mobileBudget });
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(bffs).map((process) => process?.stop()));
  rmSync(pkiDir, { recursive: true, force: true });
}, 60_000);

afterEach((context) => {
  if (context.task.result?.state !== "fail") return;
  for (const [key, process] of Object.entries(bffs)) console.error(`Last output of ${key}:\n${process?.output().slice(-3_000)}`);
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers }, body: JSON.stringify(body) });

const mobileHash = (name: string): string => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "bff-mobile", "operations", "manifest.json"), "utf8")) as { operations: { id: string; name: string }[] };
  return manifest.operations.find((operation) => operation.name === name)!.id;
};

function expectHardened(response: Response, what: string): void {
  const headers = Object.fromEntries(response.headers.entries());
  expect(headers, what).toMatchObject({
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-resource-policy": "same-site",
    "content-security-policy": expect.stringContaining("frame-ancestors 'none'"),
  });
  expect(headers["x-powered-by"], what).toBeUndefined();
}

describe("security headers on both BFFs", () => {
  it("when GraphQL, health, unknown paths and errors are asked of each BFF, then every answer is hardened", async () => {
    for (const key of ["webDev", "mobileDev", "webProd", "mobileProd"]) {
      const { base, url, name } = bff(key);
      const query = name === "bff-web" ? { query: "{ __typename }" } : { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } };
      for (const [what, response] of [
        ["graphql", await post(url, query)],
        ["bad JSON", await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{" })],
        ["health", await fetch(`${base}/health/live`)],
        ["404", await fetch(`${base}/admin`)],
      ] as const) {
        await response.arrayBuffer();
        expectHardened(response, `${key} ${what}`);
        expect(response.headers.get("content-security-policy"), `${key} ${what}`).toMatch(/^default-src 'none'/);
      }
    }
  });

  it("when a trusted proxy forwards an https request to a production BFF, then HSTS is sent; a plain request gets none", async () => {
    const { base } = bff("webProd");
    expect((await fetch(`${base}/health/live`, { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toMatch(/^max-age=31536000/);
    expect((await fetch(`${base}/health/live`)).headers.get("strict-transport-security")).toBeNull();
    expect((await fetch(`${bff("webDev").base}/health/live`, { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toBeNull();
  });

  it("when a development BFF serves GraphiQL, then the page has the GraphiQL CSP and no inline script", async () => {
    for (const key of ["webDev", "mobileDev"]) {
      const page = await fetch(bff(key).url, { headers: { accept: "text/html" } });
      const html = await page.text();
      expect(page.headers.get("content-security-policy"), key).toContain("script-src 'self'");
      expect(html, key).toContain('src="/graphiql/start.js"');
      expect(html.replace(/<script id="graphiql-options" type="application\/json">[\s\S]*?<\/script>/, ""), key).not.toMatch(/<script>/);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))("when GraphiQL is opened in headless Chromium under its CSP, then a query runs and the page reports no violation", async () => {
    const result = await runGraphiqlQuery(CHROMIUM, bff("webDev").url, "{ __typename }");
    expect(JSON.parse(result)).toEqual({ data: { __typename: "Query" } });
  }, 180_000);
});

describe("CORS on both BFFs", () => {
  it("when the allowed web origin calls or sends a preflight, then it is allowed by name; another origin is not", async () => {
    for (const key of ["webDev", "mobileProd"]) {
      const { url } = bff(key);
      const preflight = await fetch(url, { method: "OPTIONS", headers: { origin: SHOP_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" } });
      expect(preflight.status, key).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin"), key).toBe(SHOP_ORIGIN);
      expect(preflight.headers.get("access-control-allow-headers"), key).toContain("authorization");
      expect(preflight.headers.get("vary"), key).toContain("Origin");
      const call = await post(url, { query: "{ __typename }" }, { origin: SHOP_ORIGIN });
      expect(call.headers.get("access-control-allow-origin"), key).toBe(SHOP_ORIGIN);
      expect(call.headers.get("access-control-allow-credentials"), key).toBeNull();
      const evil = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
      expect(evil.headers.get("access-control-allow-origin"), key).toBeNull();
      const evilCall = await post(url, { query: "{ __typename }" }, { origin: "https://evil.example" });
      expect(evilCall.headers.get("access-control-allow-origin"), key).toBeNull();
    }
  });
});

describe("production mode", () => {
  it("when a production BFF is asked for GraphiQL or its assets, then neither is served", async () => {
    for (const key of ["webProd", "mobileProd", "mobileProdOpen"]) {
      const { url, base } = bff(key);
      const page = await fetch(url, { headers: { accept: "text/html" } });
      expect(page.headers.get("content-type") ?? "", key).not.toContain("text/html");
      expect(await page.text(), key).not.toMatch(/graphiql/i);
      expect((await fetch(`${base}/graphiql/graphiql.js`)).status, key).toBe(404);
    }
  });

  it("when introspection is sent to a production BFF, then it is refused, on mobile even with trusted documents switched off", async () => {
    for (const key of ["webProd", "mobileProdOpen"]) {
      const response = await post(bff(key).url, { query: "{ __schema { types { name } } }" });
      expect(response.status, key).toBe(400);
      const body = await response.json();
      expect(body.data, key).toBeUndefined();
      expect(body.errors[0].message, key).toMatch(/introspection is not allowed/);
    }
    const trustedOnly = await post(bff("mobileProd").url, { query: "{ __schema { types { name } } }" });
    expect(trustedOnly.status).toBe(400);
    expect((await trustedOnly.json()).errors[0].extensions.code).toBe("PERSISTED_QUERY_ONLY");
    // A development BFF still answers it (GraphiQL needs it).
    expect((await (await post(bff("webDev").url, { query: "{ __schema { queryType { name } } }" })).json()).data.__schema.queryType.name).toBe("Query");
  });

  it("when a production BFF gets a mistyped field, then the error names it without suggesting the right one", async () => {
    for (const key of ["webProd", "mobileProdOpen"]) {
      const query = key === "webProd" ? "{ produts(first: 1) { edges { cursor } } }" : "{ hom { user { name } } }";
      const body = await (await post(bff(key).url, { query })).json();
      expect(body.errors[0].message, key).toMatch(/^Cannot query field "(produts|hom)" on type "Query"\.$/);
    }
    const development = await (await post(bff("webDev").url, { query: "{ produts(first: 1) { edges { cursor } } }" })).json();
    expect(development.errors[0].message).toMatch(/Did you mean .*"products"/);
  });

  it("when a production mobile BFF gets a trusted document, then it still runs it (only the services are missing here)", async () => {
    const response = await post(bff("mobileProd").url, { operationName: "Products", variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: mobileHash("Products") } } });
    const body = await response.json();
    expect(body.errors?.[0]?.extensions?.code).not.toBe("PERSISTED_QUERY_ONLY");
    expect(body.errors?.[0]?.extensions?.code).not.toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("operation budget on trusted documents", () => {
  it("when one address keeps sending a trusted document, then its cost is charged like any other and the 4th is refused 429 with Retry-After", async () => {
    const products = { operationName: "Products", variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: mobileHash("Products") } } };
    const forwarded = { "x-forwarded-for": "198.51.100.44" };
    for (let i = 0; i < 3; i++) expect((await post(bff("mobileBudget").url, products, forwarded)).status).not.toBe(429);
    const refused = await post(bff("mobileBudget").url, products, forwarded);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
    // Another client (behind the same trusted proxy) has its own budget.
    expect((await post(bff("mobileBudget").url, products, { "x-forwarded-for": "198.51.100.45" })).status).not.toBe(429);
  });
});
