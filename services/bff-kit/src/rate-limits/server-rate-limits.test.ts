import { silentLogger } from "@shop/grpc-runtime";
import { createFakeServices, type FakeServices } from "@shop/bff-testing";
import { createSchema } from "graphql-yoga";
import { afterEach, describe, expect, it } from "vitest";
import type { BffContext } from "../context.js";
import { DEFAULT_HTTP_POLICY } from "../http/http-policy.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { createBffServer, type BffServer } from "../server.js";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./rate-limit-settings.js";

/**
 * The RATE_LIMITED answer over real HTTP: 429 with Retry-After, whether a resolver refuses (a login
 * over its limit) or the operation budget stops an operation before it runs (no resolver, no RPC).
 */

const schema = createSchema<BffContext>({
  typeDefs: /* GraphQL */ `
    type Query { product(id: ID!): String, products(first: Int): [Item!]! }
    type Item { id: ID! }
    type Mutation { login(email: String!, password: String!): String }
  `,
  resolvers: {
    Query: {
      // One RPC per call (the loader's BatchGetProducts): what the budget must prevent.
      product: async (_: unknown, args: { id: string }, ctx: BffContext) => (await ctx.loaders.products.load(args.id))?.name ?? null,
      products: () => [],
    },
    Mutation: {
      login: async (_: unknown, args: { email: string; password: string }, ctx: BffContext) => {
        const key = { ip: ctx.clientIp, email: args.email };
        await ctx.limits.login.check(key);
        await ctx.limits.login.failed(key);
        return null;
      },
    },
  },
});

let server: BffServer | undefined;
let fakes: FakeServices;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(rateLimits: Partial<RateLimitSettings>, trustProxyHops = 0): Promise<string> {
  fakes = createFakeServices();
  await fakes.ready;
  server = createBffServer({
    schema,
    clients: fakes.clients,
    config: {
      port: 0, host: "127.0.0.1", jwtSecret: "x".repeat(40), jwtTtlSeconds: 300, requestBudgetMs: 2000, shutdownGraceMs: 1000,
      limits: DEFAULT_LIMITS, production: false, http: { ...DEFAULT_HTTP_POLICY, trustProxyHops },
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...rateLimits },
    },
    logger: silentLogger(),
    name: "bff-test",
  });
  return `http://127.0.0.1:${await server.listen()}`;
}

const post = (base: string, query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query }),
  });

// Costs (the document cost limit's measure): a leaf at the root 1; 30 items with their ids (2 + 1.5) × 30 = 105.
const ONE_PRODUCT = '{ product(id: "0190a6a5-5d4b-7000-8000-000000000001") }';
const THIRTY_ITEMS = "{ products(first: 30) { id } }";
const LOGIN = 'mutation { login(email: "ada@shop.test", password: "wrong") }';

describe("RATE_LIMITED over HTTP", () => {
  it("when a mutation is refused in its resolver, then the answer is 429 with Retry-After, code and seconds, and no internal http extension", async () => {
    const base = await start({ loginIpEmail: { points: 2, seconds: 60 }, loginBlockSeconds: 30 });
    for (let i = 0; i < 2; i++) expect((await post(base, LOGIN)).status).toBe(200);
    const refused = await post(base, LOGIN);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const body = await refused.json();
    expect(body.data).toEqual({ login: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toEqual(["login"]);
    expect(body.errors[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: retryAfter });
    expect(body.errors[0].message).toBe(`Too many requests: try again in ${retryAfter} s.`);
  });

  it("when an address spends its operation budget, then the next operation is 429 with Retry-After and nothing runs: no resolver, no RPC", async () => {
    const base = await start({ operationsIp: { points: 200, seconds: 60 } });
    expect((await post(base, THIRTY_ITEMS)).status).toBe(200);
    expect((await post(base, ONE_PRODUCT)).status).toBe(200);
    const rpcs = fakes.calls.count();
    expect(rpcs).toBe(1);
    // 106 of 200 points spent: another 105 does not fit.
    const refused = await post(base, THIRTY_ITEMS);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^Too many requests/), extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } }],
    });
    // A refused operation still counts (the window ends when it would anyway): the next one that
    // would make an RPC is refused too, and makes none.
    const stopped = await post(base, ONE_PRODUCT);
    expect(stopped.status).toBe(429);
    expect(fakes.calls.count()).toBe(rpcs);
  });

  it("when a signed-in user spends their budget, then they are refused, while another user on the same address is served", async () => {
    const base = await start({ operationsUser: { points: 10_000, seconds: 60 } });
    const ada = (await server!.tokens.sign({ userId: "ada", sessionId: "s-ada" })).token;
    const grace = (await server!.tokens.sign({ userId: "grace", sessionId: "s-grace" })).token;
    const expensive = "{ products(first: 2857) { id } }"; // cost 9,999.5: the whole window
    expect((await post(base, expensive, { authorization: `Bearer ${ada}` })).status).toBe(200);
    expect((await post(base, "{ products(first: 1) { id } }", { authorization: `Bearer ${ada}` })).status).toBe(429);
    expect((await post(base, "{ products(first: 1) { id } }", { authorization: `Bearer ${grace}` })).status).toBe(200);
  });

  it("when a trusted proxy forwards clients, then each forwarded address has its own budget; without trust, X-Forwarded-For changes nothing", async () => {
    const proxied = await start({ operationsIp: { points: 200, seconds: 60 } }, 1);
    expect((await post(proxied, THIRTY_ITEMS, { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    expect((await post(proxied, THIRTY_ITEMS, { "x-forwarded-for": "198.51.100.1" })).status).toBe(429);
    expect((await post(proxied, THIRTY_ITEMS, { "x-forwarded-for": "198.51.100.2" })).status).toBe(200);
    await server!.close();
    const direct = await start({ operationsIp: { points: 200, seconds: 60 } }, 0);
    expect((await post(direct, THIRTY_ITEMS, { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    expect((await post(direct, THIRTY_ITEMS, { "x-forwarded-for": "198.51.100.2" })).status).toBe(429);
  });
});
