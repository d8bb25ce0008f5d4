import { parse } from "graphql/index.js";
import { createSchema, createYoga } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, useLimits } from "../limits.js";
import { operationCost } from "./operation-cost.js";

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query { shop: Shop, products(first: Int, last: Int): [Product!]!, node(id: ID!): Product }
    type Shop { name: String, products(first: Int): [Product!]!, owner: User }
    type Product { id: ID!, name: String, price: Money, related(first: Int): [Product!]! }
    type Money { amount: Int, currency: String }
    type User { id: ID!, name: String }
  `,
});

/** Whether graphql-armor's cost limit, as `useLimits` sets it up, lets `query` through at `maxCost`. */
async function armorAccepts(query: string, operationName: string | undefined, maxCost: number): Promise<boolean> {
  const yoga = createYoga({ schema, plugins: useLimits({ ...DEFAULT_LIMITS, maxCost }), logging: false });
  const response = await yoga.fetch("http://test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, operationName }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { limit?: string } }[] };
  return !(body.errors ?? []).some((error) => error.extensions?.limit === "cost");
}

const DOCUMENTS: readonly { readonly name: string; readonly query: string; readonly operationName?: string }[] = [
  { name: "one scalar under one object", query: "{ shop { name } }" },
  { name: "a page size literal multiplies its subtree", query: "{ products(first: 20) { id name price { amount currency } related(first: 3) { id } } }" },
  { name: "last counts like first", query: "{ products(last: 7) { id } }" },
  { name: "named fragments, nested", query: "query Q { shop { ...S } } fragment S on Shop { name products(first: 2) { ...P } owner { id } } fragment P on Product { id name }" },
  { name: "a fragment spread twice", query: "{ a: products(first: 2) { ...P } b: products(last: 3) { ...P } } fragment P on Product { id price { amount } }" },
  { name: "an inline fragment", query: '{ node(id: "1") { ... on Product { name price { amount } } } }' },
  { name: "introspection beside data", query: "{ __schema { types { name fields { name } } } shop { name } }" },
  { name: "a page size from a variable", query: "query V($n: Int) { products(first: $n) { id name } }" },
  { name: "the chosen one of two operations", query: "query A { shop { name } } query B { products(first: 5) { id name related(first: 2) { id } } }", operationName: "B" },
];

describe("operationCost", () => {
  for (const document of DOCUMENTS) {
    it(`when the document has ${document.name}, then its cost is the one the cost limit measures`, async () => {
      const cost = operationCost(parse(document.query), document.operationName);
      expect(cost).toBeGreaterThan(0);
      // Armor refuses above maxCost: its measure lies in (ceil(cost) - 1, ceil(cost)], as ours does.
      expect(await armorAccepts(document.query, document.operationName, Math.ceil(cost))).toBe(true);
      expect(await armorAccepts(document.query, document.operationName, Math.ceil(cost) - 1)).toBe(false);
    });
  }

  it("when the same parsed document is asked again, then the cached cost is given; another operation of it has its own", () => {
    const document = parse("query A { shop { name } } query B { products(first: 50) { id } }");
    expect(operationCost(document, "A")).toBe(operationCost(document, "A"));
    expect(operationCost(document, "B")).toBeGreaterThan(operationCost(document, "A"));
  });

  it("when the document selects no operation, then it costs nothing", () => {
    expect(operationCost(parse("query A { shop { name } } query B { shop { name } }"), "C")).toBe(0);
    expect(operationCost(parse("query A { shop { name } } query B { shop { name } }"))).toBe(0);
  });
});
