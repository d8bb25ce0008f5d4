import { silentLogger } from "@shop/grpc-runtime";
import { createFakeServices } from "@shop/bff-testing";
import { createSchema } from "graphql-yoga";
import { afterEach, describe, expect, it } from "vitest";
import type { BffContext } from "../context.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { createBffServer, type BffServer } from "../server.js";
import { DEFAULT_HTTP_POLICY, type HttpPolicy } from "./http-policy.js";
import { API_CSP, GRAPHIQL_CSP, HSTS_VALUE } from "./security-headers.js";

/** The security headers, CORS and production mode of `createBffServer`, over real HTTP. */

const schema = createSchema<BffContext>({
  typeDefs: "type Query { hello: String, product(status: Status): String } enum Status { ACTIVE, RETIRED }",
  resolvers: { Query: { hello: () => "world", product: () => "p" } },
});

let server: BffServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: { http?: Partial<HttpPolicy>; production?: boolean; graphiql?: boolean } = {}): Promise<string> {
  server = createBffServer({
    schema,
    clients: createFakeServices().clients,
    config: {
      port: 0, host: "127.0.0.1", jwtSecret: "x".repeat(40), jwtTtlSeconds: 300, requestBudgetMs: 2000, shutdownGraceMs: 1000,
      limits: DEFAULT_LIMITS, production: options.production ?? false, http: { ...DEFAULT_HTTP_POLICY, ...options.http },
    },
    logger: silentLogger(),
    name: "bff-test",
    ...(options.graphiql === undefined ? {} : { graphiql: options.graphiql }),
  });
  return `http://127.0.0.1:${await server.listen()}`;
}

const postQuery = (base: string, query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers }, body: JSON.stringify({ query }) });

function expectHardened(response: Response, csp: string): void {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("cross-origin-resource-policy")).toBe("same-site");
  expect(response.headers.get("content-security-policy")).toBe(csp);
  expect(response.headers.get("x-powered-by")).toBeNull();
}

describe("security headers", () => {
  it("when anything is asked (GraphQL, an error, health, a 404, GraphiQL and its assets), then every answer carries the headers, GraphiQL its own CSP", async () => {
    const base = await start();
    const answers: [string, Response, string][] = [
      ["graphql", await postQuery(base, "{ hello }"), API_CSP],
      ["graphql GET", await fetch(`${base}/graphql?query=${encodeURIComponent("{ hello }")}`, { headers: { "x-graphql-csrf": "1" } }), API_CSP],
      ["validation error", await postQuery(base, "{ nope }"), API_CSP],
      ["bad JSON", await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }), API_CSP],
      ["CSRF refusal", await fetch(`${base}/graphql?query=${encodeURIComponent("{ hello }")}`), API_CSP],
      ["health", await fetch(`${base}/health/ready`), API_CSP],
      ["404", await fetch(`${base}/nope`), API_CSP],
      ["missing asset", await fetch(`${base}/graphiql/nope.js`), API_CSP],
      ["GraphiQL", await fetch(`${base}/graphql`, { headers: { accept: "text/html" } }), GRAPHIQL_CSP],
      ["GraphiQL script", await fetch(`${base}/graphiql/start.js`), GRAPHIQL_CSP],
    ];
    for (const [what, response, csp] of answers) {
      await response.arrayBuffer();
      try {
        expectHardened(response, csp);
      } catch (error) {
        throw new Error(`${what} (HTTP ${response.status}): ${(error as Error).message}`);
      }
    }
    expect(answers.map(([what, response]) => `${what}:${response.status}`)).toEqual([
      "graphql:200", "graphql GET:200", "validation error:400", "bad JSON:400", "CSRF refusal:403", "health:200", "404:404", "missing asset:404", "GraphiQL:200", "GraphiQL script:200",
    ]);
  });

  it("when the GraphiQL page is served, then it holds no inline script: its scripts are files of this BFF", async () => {
    const base = await start();
    const html = await (await fetch(`${base}/graphql`, { headers: { accept: "text/html" } })).text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      const isData = /type="application\/json"/.test(attributes!);
      expect(isData || (/src="\/graphiql\//.test(attributes!) && body === "")).toBe(true);
    }
  });

  it("when the request came over plain HTTP, then no HSTS; when a trusted proxy says https, then HSTS; an untrusted claim is ignored", async () => {
    const direct = await start();
    expect((await postQuery(direct, "{ hello }", { "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBeNull();
    await server!.close();
    const proxied = await start({ http: { trustProxyHops: 1 } });
    expect((await postQuery(proxied, "{ hello }", { "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBe(HSTS_VALUE);
    expect((await postQuery(proxied, "{ hello }", { "x-forwarded-proto": "http" })).headers.get("strict-transport-security")).toBeNull();
  });

  it("when HSTS is on, then every answer carries it; when off, then none does", async () => {
    const on = await start({ http: { hsts: "on" } });
    expect((await fetch(`${on}/health/live`)).headers.get("strict-transport-security")).toBe(HSTS_VALUE);
    await server!.close();
    const off = await start({ http: { hsts: "off", trustProxyHops: 1 } });
    expect((await postQuery(off, "{ hello }", { "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("CORS", () => {
  it("when no origin is configured, then no CORS header is sent to any origin (yoga's allow-all default is off)", async () => {
    const base = await start();
    const response = await postQuery(base, "{ hello }", { origin: "https://evil.example" });
    expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    const preflight = await fetch(`${base}/graphql`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("when a listed origin calls, then it is allowed by name with Vary: Origin; an unlisted one gets no allowance", async () => {
    const base = await start({ http: { cors: { origins: ["https://shop.example"], credentials: true } } });
    const allowed = await postQuery(base, "{ hello }", { origin: "https://shop.example" });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    expect(allowed.headers.get("access-control-expose-headers")).toContain("retry-after");
    expect(allowed.headers.get("vary")).toContain("Origin");
    const refused = await postQuery(base, "{ hello }", { origin: "https://evil.example" });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(refused.headers.get("vary")).toContain("Origin");
  });

  it("when a listed origin sends a preflight, then it is answered 204 with methods and headers; an unlisted one gets 204 without them", async () => {
    const base = await start({ http: { cors: { origins: ["https://shop.example"], credentials: false } } });
    const preflight = { method: "OPTIONS", headers: { "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" } };
    const allowed = await fetch(`${base}/graphql`, { ...preflight, headers: { ...preflight.headers, origin: "https://shop.example" } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(allowed.headers.get("x-content-type-options")).toBe("nosniff");
    const refused = await fetch(`${base}/graphql`, { ...preflight, headers: { ...preflight.headers, origin: "https://evil.example" } });
    expect(refused.status).toBe(204);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(refused.headers.get("access-control-allow-methods")).toBeNull();
  });
});

describe("production mode", () => {
  const INTROSPECTION = "{ __schema { queryType { name } } }";

  /** The error messages of one mistyped field, argument, enum value and variable value each. */
  async function mistakeMessages(base: string): Promise<string[][]> {
    const answers = [
      await postQuery(base, "{ helo }"),
      await postQuery(base, "{ product(statu: ACTIVE) }"),
      await postQuery(base, "{ product(status: ACTIVV) }"),
      await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "query($s: Status) { product(status: $s) }", variables: { s: "ACTIV" } }),
      }),
    ];
    return Promise.all(answers.map(async (response) => ((await response.json()) as { errors: { message: string }[] }).errors.map((e) => e.message)));
  }

  it("when not in production, then introspection answers and every mistake comes with a suggestion", async () => {
    const base = await start();
    expect((await (await postQuery(base, INTROSPECTION)).json()).data.__schema.queryType.name).toBe("Query");
    const messages = await mistakeMessages(base);
    expect(messages[0]).toEqual(['Cannot query field "helo" on type "Query". Did you mean "hello"?']);
    for (const errors of messages) expect(errors.some((message) => message.includes("Did you mean")), JSON.stringify(errors)).toBe(true);
  });

  it("when in production, then introspection (__schema, __type) is refused before anything runs", async () => {
    const base = await start({ production: true });
    for (const query of [INTROSPECTION, '{ __type(name: "Query") { name } }', "{ hello ... on Query { __schema { types { name } } } }"]) {
      const response = await postQuery(base, query);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.data).toBeUndefined();
      expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/introspection is not allowed/), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    }
    expect((await (await postQuery(base, "{ hello __typename }")).json()).data).toEqual({ hello: "world", __typename: "Query" });
  });

  it("when in production, then the same mistakes are reported without any suggestion", async () => {
    const base = await start({ production: true });
    const messages = await mistakeMessages(base);
    expect(messages[0]).toEqual(['Cannot query field "helo" on type "Query".']);
    for (const errors of messages) {
      expect(errors.length).toBeGreaterThan(0);
      for (const message of errors) expect(message).not.toMatch(/Did you mean/);
    }
  });

  it("when in production, then GraphiQL and its assets are not served", async () => {
    const base = await start({ production: true });
    const page = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type") ?? "").not.toContain("text/html");
    expect(await page.text()).not.toContain("graphiql");
    expect((await fetch(`${base}/graphiql/graphiql.js`)).status).toBe(404);
  });
});
