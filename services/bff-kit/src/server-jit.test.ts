import { Code, ConnectError } from "@connectrpc/connect";
import { createSchema } from "graphql-yoga";
import { silentLogger } from "@shop/grpc-runtime";
import { describe, expect, it } from "vitest";
import type { BffContext } from "./context.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { createBffServer } from "./server.js";
import { createFakeServices } from "@shop/bff-testing";
import { requireViewer } from "./viewer.js";

// A schema with what the BFFs use: nested lists, nullable and non-null fields, enums, a custom
// scalar, arguments with defaults, async resolvers, thrown ConnectErrors and unexpected errors.
const schema = createSchema<BffContext>({
  typeDefs: /* GraphQL */ `
    scalar Instant
    enum Status { OPEN CLOSED }
    type Money { amount: String! currency: String! }
    type Line { quantity: Int! price: Money product: Product }
    type Product { id: ID! name: String! tags: [String!]! rating: Float! brokenName: String! }
    type Order { id: ID! status: Status! at: Instant! lines: [Line!]! total: Money }
    type Query {
      orders(first: Int = 2): [Order!]
      me: ID
      boom: String
      missing: String
      echo(text: String!, times: Int!): [String!]!
    }
  `,
  resolvers: {
    Instant: { serialize: (value: unknown) => (value as Date).toISOString() } as never,
    Status: { OPEN: 1, CLOSED: 2 },
    Query: {
      orders: async (_r: unknown, args: { first: number }) =>
        Array.from({ length: args.first }, (_, i) => ({
          id: `o${i}`, status: i % 2 ? 2 : 1, at: new Date(Date.UTC(2026, 0, 1 + i)),
          lines: [{ quantity: i + 1, price: { amount: "1.50", currency: "USD" }, productId: `p${i}` }, { quantity: 1, price: null, productId: "gone" }],
          total: i === 1 ? null : { amount: "3.00", currency: "USD" },
        })),
      me: (_r: unknown, _a: unknown, ctx: BffContext) => requireViewer(ctx).userId,
      boom: () => { throw new Error("secret internal detail at db.ts:42"); },
      missing: () => { throw new ConnectError("row 17 missing in table x", Code.NotFound); },
      echo: (_r: unknown, args: { text: string; times: number }) => Array.from({ length: args.times }, () => args.text),
    },
    Line: {
      product: async (line: { productId: string }) => {
        if (line.productId === "gone") throw new ConnectError("catalog down", Code.Unavailable);
        return { id: line.productId, name: `Product ${line.productId}`, tags: ["a", "b"], rating: 4.5 };
      },
    },
    Product: { brokenName: () => null },
  },
});

const config = {
  port: 0, host: "127.0.0.1", jwtSecret: "x".repeat(40), jwtTtlSeconds: 900, requestBudgetMs: 2000,
  shutdownGraceMs: 1000, limits: DEFAULT_LIMITS, production: false,
};

const DOCUMENTS: readonly { readonly query: string; readonly variables?: Record<string, unknown> }[] = [
  { query: "{ orders { id status at total { amount currency } lines { quantity price { amount } product { id name tags rating } } } }" },
  { query: "query Q($n: Int) { orders(first: $n) { ...O __typename } } fragment O on Order { a: id lines { product { name } } }", variables: { n: 3 } },
  { query: "{ me boom missing }" },
  { query: "{ orders { lines { product { name brokenName } } } }" },
  { query: "query E($t: String!, $n: Int!) { echo(text: $t, times: $n) }", variables: { t: "hi", n: 2 } },
  { query: "query E($t: String!, $n: Int!) { echo(text: $t, times: $n) }", variables: { t: 5, n: "x" } },
  { query: "query E($t: String!) { echo(text: $t, times: 1) }", variables: {} },
  { query: "{ orders(first: \"two\") { id } }" },
  { query: "{ nope }" },
];

async function answers(jit: boolean): Promise<unknown[]> {
  const server = createBffServer({ schema, clients: createFakeServices().clients, config, logger: silentLogger(), name: "bff-test", jit });
  const out: unknown[] = [];
  for (const [index, document] of DOCUMENTS.entries()) {
    // Twice: the second answer comes from the cached (compiled) document.
    for (let i = 0; i < 2; i++) {
      const response = await server.yoga.fetch("http://bff.test/graphql", {
        method: "POST",
        // The same request ids in both runs: a masked internal error carries its request's id.
        headers: { "content-type": "application/json", accept: "application/graphql-response+json", "x-request-id": `doc-${index}-${i}` },
        body: JSON.stringify(document),
      });
      const body = (await response.json()) as { errors?: { path?: unknown[] }[] };
      // The order of `errors` is not specified (each executor lists them as they happen).
      body.errors?.sort((a, b) => JSON.stringify(a.path ?? []).localeCompare(JSON.stringify(b.path ?? [])));
      out.push({ status: response.status, body });
    }
  }
  await server.yoga.dispose();
  return out;
}

describe("createBffServer with graphql-jit", () => {
  it("when the same documents run with and without JIT, then statuses, data and (masked) errors are identical", async () => {
    const [interpreted, compiled] = await Promise.all([answers(false), answers(true)]);
    expect(compiled).toEqual(interpreted);
    // The comparison covers the cases that matter: data, masked errors, null propagation, bad variables.
    const bodies = JSON.stringify(interpreted);
    expect(bodies).toContain('"requestId":"doc-2-0","code":"INTERNAL_SERVER_ERROR"');
    expect(bodies).toContain('"code":"NOT_FOUND"');
    expect(bodies).toContain('"code":"SERVICE_UNAVAILABLE"');
    expect(bodies).toContain('"code":"UNAUTHENTICATED"');
    expect(bodies).toContain('"2026-01-02T00:00:00.000Z"');
    expect(bodies).not.toMatch(/secret internal|row 17|catalog down/);
  });
});
