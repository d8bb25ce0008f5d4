import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "@shop/bff-kit";
import { shopData, userId } from "./support/shop-data.js";
import { webHarness } from "./support/web-harness.js";

const messages = (body: { errors?: { message: string }[] }) => (body.errors ?? []).map((e) => e.message).join("\n");

describe("document limits are enforced before any RPC", () => {
  it("when a query is 50 levels deep, then it is rejected naming the depth limit and no service is called", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const token = await harness.tokenFor(userId(1));
    const deep = "{ homePage { viewer { " + "orders { ".repeat(48) + "x" + " }".repeat(48) + " } } }";
    const { status, body } = await harness.gql(deep, { token });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(messages(body)).toMatch(/depth limit of 12 exceeded, found 5\d/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a query has 1,000 aliases, then it is rejected by a limit and no service is called", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: products(first: 1) { edges { cursor } }`).join(" ");
    const { status, body } = await harness.gql(`{ ${aliases} }`);
    expect(status).toBe(400);
    expect(messages(body)).toMatch(/limit/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when tokens are plentiful but a query has 1,000 aliases, then the alias limit names itself", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }), { limits: { ...DEFAULT_LIMITS, maxTokens: 1_000_000, maxBodyBytes: 10_000_000 } });
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: products(first: 1) { edges { cursor } }`).join(" ");
    const { body } = await harness.gql(`{ ${aliases} }`);
    expect(messages(body)).toMatch(/aliases limit of 30 exceeded, found 1000/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a document has more tokens than allowed, then it is rejected at parse time and no service is called", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const fields = Array.from({ length: 4000 }, () => "__typename").join(" ");
    const { status, body } = await harness.gql(`{ products(first: 1) { edges { node { ${fields} name } } } }`);
    expect(status).toBe(400);
    expect(messages(body)).toMatch(/token limit of 3000 exceeded/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when the request body is larger than the byte limit, then it is refused with 413 and no service is called", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const huge = `{ products(first: 1) { edges { cursor } } } # ${"x".repeat(200_000)}`;
    const { status } = await harness.gql(huge);
    expect(status).toBe(413);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when a query is expensive but shallow and small, then the cost limit rejects it before any call", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }), { limits: { ...DEFAULT_LIMITS, maxCost: 50 } });
    const token = await harness.tokenFor(userId(1));
    const { status, body } = await harness.gql(
      "{ homePage { recentOrders { id createdAt status itemCount total { amount currency formatted } lines { quantity product { name description category imageUrl rating } } } } }",
      { token },
    );
    expect(status).toBe(400);
    expect(messages(body)).toMatch(/cost limit of 50 exceeded/i);
    expect(harness.fakes.calls.count()).toBe(0);
  });

  it("when the home page is asked within the default limits, then it is accepted", async () => {
    const harness = webHarness(shopData({ orders: 5, linesPerOrder: 5 }));
    const token = await harness.tokenFor(userId(1));
    const { status, body } = await harness.gql(
      "{ homePage { viewer { displayName } recommendations { id name imageUrl rating price { amount currency formatted } } recentOrders { id createdAt status itemCount total { amount currency formatted } lines { quantity unitPrice { formatted } lineTotal { formatted } product { id name price { formatted } } } } } }",
      { token },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});
