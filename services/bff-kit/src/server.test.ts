import { Code, ConnectError } from "@connectrpc/connect";
import { createSchema } from "graphql-yoga";
import { silentLogger } from "@shop/grpc-runtime";
import { afterEach, describe, expect, it } from "vitest";
import type { BffContext } from "./context.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { createBffServer, type BffServer } from "./server.js";
import { createFakeServices } from "@shop/bff-testing";
import { requireViewer } from "./viewer.js";

let slowEntered: () => void = () => {};
// Built by graphql-yoga (the executor's copy of graphql; see graphql-error.ts).
const schema = createSchema<BffContext>({
  typeDefs: "type Query { hello: String, me: ID, boom: String, missing: String, slow: String }",
  resolvers: {
    Query: {
      hello: () => "world",
      slow: async () => { slowEntered(); await new Promise((r) => setTimeout(r, 300)); return "done"; },
      me: (_r: unknown, _a: unknown, ctx: BffContext) => requireViewer(ctx).userId,
      boom: () => { throw new Error("secret internal detail at db.ts:42"); },
      missing: () => { throw new ConnectError("row 17 missing in table x", Code.NotFound); },
    },
  },
});

const config = {
  port: 0, host: "127.0.0.1", jwtSecret: "x".repeat(40), jwtTtlSeconds: 900, requestBudgetMs: 2000,
  shutdownGraceMs: 1000, limits: DEFAULT_LIMITS, production: false,
};

let server: BffServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

async function start(checkDownstream?: () => Promise<Record<string, boolean>>): Promise<string> {
  server = createBffServer({ schema, clients: createFakeServices().clients, config, logger: silentLogger(), name: "bff-test", ...(checkDownstream ? { checkDownstream } : {}) });
  const port = await server.listen();
  return `http://127.0.0.1:${port}`;
}

const post = (base: string, query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers }, body: JSON.stringify({ query }) });

describe("createBffServer", () => {
  it("when the health endpoints are asked, then live, startup and ready answer 200 whatever the services do, and downstream follows their health", async () => {
    let catalogUp = true;
    const base = await start(async () => ({ users: true, catalog: catalogUp, orders: true }));
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/startup`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect((await fetch(`${base}/health/downstream`)).status).toBe(200);
    catalogUp = false;
    // One service down costs only its fields: the BFF stays ready (partial answers), downstream says why.
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const degraded = await fetch(`${base}/health/downstream`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toEqual({ status: "degraded", services: { users: true, catalog: false, orders: true } });
  });

  it("when the downstream check itself throws, then downstream answers 503 and ready stays 200", async () => {
    const base = await start(async () => {
      throw new Error("health channel closed");
    });
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const unknown = await fetch(`${base}/health/downstream`);
    expect(unknown.status).toBe(503);
    expect(await unknown.json()).toEqual({ status: "unknown", services: {} });
  });

  it("when a sane x-request-id is sent, then it comes back; when a hostile one is sent, then a fresh id replaces it", async () => {
    const base = await start();
    const kept = await post(base, "{ hello }", { "x-request-id": "abc-123" });
    expect(kept.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await post(base, "{ hello }", { "x-request-id": "bad id\twith spaces" });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("when a resolver throws an unexpected error, then the client sees INTERNAL_SERVER_ERROR without the internal message", async () => {
    const base = await start();
    const body = await (await post(base, "{ hello boom missing }")).json();
    expect(body.data).toEqual({ hello: "world", boom: null, missing: null });
    const byPath = Object.fromEntries(body.errors.map((e: { path: string[] }) => [e.path[0], e]));
    expect(byPath.boom).toMatchObject({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(byPath.missing).toMatchObject({ message: "Not found.", extensions: { code: "NOT_FOUND" } });
    expect(JSON.stringify(body)).not.toMatch(/secret internal|row 17|stack/);
  });

  it("when a field needs a user and none is signed in, then only that field fails with UNAUTHENTICATED", async () => {
    const base = await start();
    const body = await (await post(base, "{ hello me }")).json();
    expect(body.data).toEqual({ hello: "world", me: null });
    expect(body.errors[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "missing" });
  });

  it("when GraphiQL is opened, then the page and its assets come from this server, not a CDN", async () => {
    const base = await start();
    const page = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('src="/graphiql/graphiql.js"');
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn/i);
    for (const asset of ["graphiql.js", "graphiql.css", "editor.worker.js", "json.worker.js", "graphql.worker.js"]) {
      const response = await fetch(`${base}/graphiql/${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length, asset).toBeGreaterThan(1000);
    }
  });

  it("when the server closes while a request is in flight, then that request still completes", async () => {
    const base = await start();
    const entered = new Promise<void>((resolve) => { slowEntered = resolve; });
    const inFlight = post(base, "{ slow }");
    await entered;
    const closing = server!.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { slow: "done" } });
    await closing;
    server = undefined;
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
