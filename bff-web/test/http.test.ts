import { describe, expect, it } from "vitest";
import { shopData, userId } from "./support/shop-data.js";
import { webHarness } from "./support/web-harness.js";

const url = (query: string) => `http://bff-web.test/graphql?query=${encodeURIComponent(query)}`;

describe("GraphQL over HTTP", () => {
  it("when a query comes as GET with a CSRF header, then it is answered as application/graphql-response+json", async () => {
    const { server } = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const response = await server.yoga.fetch(url("{ products(first: 2) { edges { node { name } } } }"), {
      headers: { accept: "application/graphql-response+json", "x-graphql-csrf": "1" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect((await response.json()).data.products.edges).toHaveLength(2);
  });

  it("when a GET request carries no CSRF header and no JSON content type, then it is refused with 403 before execution", async () => {
    const { server, fakes } = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const response = await server.yoga.fetch(url("{ products(first: 1) { edges { cursor } } }"), { headers: { accept: "application/json" } });
    expect(response.status).toBe(403);
    expect(fakes.calls.count()).toBe(0);
  });

  it("when a form-encoded POST (a simple cross-site request) arrives, then it is refused with 403", async () => {
    const { server, fakes } = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const response = await server.yoga.fetch("http://bff-web.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `query=${encodeURIComponent('mutation { cancelOrder(id: "x") { id } }')}`,
    });
    expect(response.status).toBe(403);
    expect(fakes.calls.count()).toBe(0);
  });

  it("when a mutation is sent as GET, then it is refused with 405 and nothing is called", async () => {
    const { server, fakes } = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const response = await server.yoga.fetch(url('mutation { login(email: "a@b.c", password: "x") { token } }'), {
      headers: { accept: "application/graphql-response+json", "x-graphql-csrf": "1" },
    });
    expect(response.status).toBe(405);
    expect(fakes.calls.count()).toBe(0);
  });

  it("when the body is not JSON, then the answer is 400 with a clear error", async () => {
    const { server } = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const response = await server.yoga.fetch("http://bff-web.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: "{ not json",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].message).toMatch(/JSON/i);
  });

  it("when a query does not validate, then the answer is 400 with GRAPHQL_VALIDATION_FAILED", async () => {
    const { gql } = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const { status, body } = await gql("{ nope }");
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("when a request id is sent, then it comes back and every service call carries it with the user and the caller", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const token = await harness.tokenFor(userId(1));
    const { headers } = await harness.gql("{ homePage { viewer { displayName } recentOrders { lines { product { name } } } } }", {
      token,
      headers: { "x-request-id": "req-abc-123", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
    });
    expect(headers.get("x-request-id")).toBe("req-abc-123");
    expect(harness.fakes.calls.count()).toBe(3);
    for (const call of harness.fakes.calls.all) {
      expect(call.headers.get("x-request-id")).toBe("req-abc-123");
      expect(call.endUser).toBe(userId(1));
      expect(call.headers.has("x-user-id")).toBe(false);
      expect(call.headers.get("x-caller")).toBe("bff-web");
      expect(call.headers.get("traceparent")).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      expect(call.timeoutMs).toBeGreaterThan(0);
      expect(call.timeoutMs).toBeLessThanOrEqual(2000);
    }
  });

  it("when no request id is sent, then one is generated, returned and sent to the services", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const { headers } = await harness.gql("{ products(first: 1) { edges { cursor } } }");
    const id = headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.fakes.calls.all[0]!.headers.get("x-request-id")).toBe(id);
  });
});
