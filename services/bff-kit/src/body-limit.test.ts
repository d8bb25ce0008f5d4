import { request } from "node:http";
import { createSchema } from "graphql-yoga";
import { silentLogger } from "@shop/grpc-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BffContext } from "./context.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { createBffServer, type BffServer } from "./server.js";
import { createFakeServices } from "@shop/bff-testing";

const LIMIT = 2_048;
let resolved = 0;
const schema = createSchema<BffContext>({
  typeDefs: "type Query { hello: String }",
  resolvers: { Query: { hello: () => { resolved++; return "world"; } } },
});

let server: BffServer;
let port: number;
beforeAll(async () => {
  server = createBffServer({
    schema, clients: createFakeServices().clients, logger: silentLogger(), name: "bff-test",
    config: { port: 0, host: "127.0.0.1", jwtSecret: "x".repeat(40), jwtTtlSeconds: 900, requestBudgetMs: 2000, shutdownGraceMs: 1000, production: true, limits: { ...DEFAULT_LIMITS, maxBodyBytes: LIMIT } },
  });
  port = await server.listen();
});
afterAll(() => server.close());

/** A body of exactly `bytes` bytes: the query padded with a GraphQL comment. */
function bodyOf(bytes: number): string {
  const head = '{"query":"{ hello } #';
  const tail = '"}';
  return head + "x".repeat(bytes - head.length - tail.length) + tail;
}

/** POSTs `body` over HTTP/1.1, declaring its length or sending it chunked in pieces. */
function send(body: string, framing: "content-length" | "chunked"): Promise<{ status: number; json: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json" };
    if (framing === "content-length") headers["content-length"] = String(Buffer.byteLength(body));
    const req = request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", reject);
    if (framing === "chunked") {
      for (let i = 0; i < body.length; i += 500) req.write(body.slice(i, i + 500));
    } else {
      req.write(body);
    }
    req.end();
  });
}

describe("request body limit", () => {
  it("when a declared body is exactly at the limit, then it is answered", async () => {
    const { status, json } = await send(bodyOf(LIMIT), "content-length");
    expect(status).toBe(200);
    expect(json.data).toEqual({ hello: "world" });
  });

  it("when a declared body is one byte over the limit, then 413 REQUEST_ENTITY_TOO_LARGE and nothing is resolved", async () => {
    const before = resolved;
    const { status, json } = await send(bodyOf(LIMIT + 1), "content-length");
    expect(status).toBe(413);
    expect(json.errors?.[0]?.extensions?.code).toBe("REQUEST_ENTITY_TOO_LARGE");
    expect(json.errors?.[0]?.message).toContain(`${LIMIT} bytes`);
    expect(resolved).toBe(before);
  });

  it("when a chunked body of undeclared length stays within the limit, then it is answered", async () => {
    const { status, json } = await send(bodyOf(LIMIT), "chunked");
    expect(status).toBe(200);
    expect(json.data).toEqual({ hello: "world" });
  });

  it("when a chunked body of undeclared length passes the limit, then 413 and nothing is resolved", async () => {
    const before = resolved;
    const { status, json } = await send(bodyOf(LIMIT * 20), "chunked");
    expect(status).toBe(413);
    expect(json.errors?.[0]?.extensions?.code).toBe("REQUEST_ENTITY_TOO_LARGE");
    expect(resolved).toBe(before);
  });

  it("when a request declares a Content-Length that is not one number, then 400 BAD_REQUEST", async () => {
    const response = await server.yoga.fetch("http://bff.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", "content-length": "12, 12" },
      body: '{"query":"{ hello }"}',
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(json.errors[0]?.extensions.code).toBe("BAD_REQUEST");
  });
});
