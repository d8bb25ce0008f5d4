import { demoUser } from "@shop/service-host/demo";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, startHarness, type MobileHarness } from "./harness.js";

let harness: MobileHarness;
let auth: Record<string, string>;
beforeEach(async () => {
  harness = await startHarness();
  auth = bearer(await harness.tokenFor(demoUser(0).id));
});
afterEach(() => harness.close());

/** A selection nested `depth` levels deep (valid or not: limits are checked before execution). */
function deepQuery(depth: number): string {
  let selection = "id";
  for (let i = 0; i < depth; i++) selection = `lines { product { ${selection} } }`;
  return `{ orders { nodes { ${selection} } } }`;
}

describe("limits, checked before any RPC", () => {
  it("when a query is 50 levels deep, then it is rejected (depth or cost) without executing", async () => {
    const response = await harness.post({ query: deepQuery(25) }, auth);
    expect(response.body.data).toBeUndefined();
    expect(JSON.stringify(response.body.errors)).toMatch(/depth|cost/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a query has 1,000 aliases, then it is rejected (aliases or tokens) without executing", async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `p${i}: products(first: 1) { nodes { id } }`).join(" ");
    const response = await harness.post({ query: `{ ${aliases} }` }, auth);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(JSON.stringify(response.body.errors)).toMatch(/alias|token/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a small query has more aliases than allowed, then the alias limit names itself", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `p${i}: product(id: "x") { id }`).join(" ");
    const response = await harness.post({ query: `{ ${aliases} }` }, auth);
    expect(response.body.data).toBeUndefined();
    expect(JSON.stringify(response.body.errors)).toMatch(/alias/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a query is just over the depth limit, then the depth limit names itself", async () => {
    const response = await harness.post({ query: deepQuery(6) }, auth);
    expect(response.body.data).toBeUndefined();
    expect(JSON.stringify(response.body.errors)).toMatch(/depth/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a document is huge, then it is refused without being executed", async () => {
    const filler = "id ".repeat(40_000);
    const response = await harness.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: `{ products { nodes { ${filler} } } }` }),
    });
    expect(response.status).toBe(413);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a document has too many tokens but fits the body limit, then it is rejected with a token error", async () => {
    const response = await harness.post({ query: `{ products { nodes { ${"id ".repeat(5000)} } } }` }, auth);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/token/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it.each([
    { query: `{ products(first: 51) { nodes { id } } }`, field: "products" },
    { query: `{ orders(first: 0) { nodes { id } } }`, field: "orders" },
    { query: `{ home { recommendations(first: 500) { id } } }`, field: "recommendations" },
  ])("when a page size is out of range ($field), then it is BAD_USER_INPUT and not sent on", async ({ query }) => {
    const response = await harness.post({ query }, auth);
    expect(response.body.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(response.body.errors?.[0]?.message).toMatch(/'first' must be between 1 and \d+/);
    expect(harness.fakes.calls.count()).toBe(0);
  });
});
