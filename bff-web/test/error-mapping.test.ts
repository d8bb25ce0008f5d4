import { Code } from "@connectrpc/connect";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { OrderStatus } from "@shop/contracts/orders/v1";
import { fieldViolationsOf } from "@shop/grpc-runtime";
import { describe, expect, it } from "vitest";
import { productId, shopData, userId } from "./support/shop-data.js";
import { webHarness } from "./support/web-harness.js";

const EXPECTED: [Code, string][] = [
  [Code.Canceled, "INTERNAL_SERVER_ERROR"],
  [Code.Unknown, "INTERNAL_SERVER_ERROR"],
  [Code.InvalidArgument, "BAD_USER_INPUT"],
  [Code.DeadlineExceeded, "SERVICE_UNAVAILABLE"],
  [Code.NotFound, "NOT_FOUND"],
  [Code.AlreadyExists, "BAD_USER_INPUT"],
  [Code.PermissionDenied, "FORBIDDEN"],
  [Code.ResourceExhausted, "INTERNAL_SERVER_ERROR"],
  [Code.FailedPrecondition, "BAD_USER_INPUT"],
  [Code.Aborted, "INTERNAL_SERVER_ERROR"],
  [Code.OutOfRange, "BAD_USER_INPUT"],
  [Code.Unimplemented, "INTERNAL_SERVER_ERROR"],
  [Code.Internal, "INTERNAL_SERVER_ERROR"],
  [Code.Unavailable, "SERVICE_UNAVAILABLE"],
  [Code.DataLoss, "INTERNAL_SERVER_ERROR"],
  [Code.Unauthenticated, "UNAUTHENTICATED"],
];

describe("gRPC codes map to extensions.code, masked", () => {
  for (const [code, expected] of EXPECTED) {
    it(`when a service answers ${Code[code]}, then the field fails with ${expected} and no internal detail`, async () => {
      const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
      harness.fakes.fail("catalog.BatchGetProducts", code, "pg: relation \"products\" at /srv/catalog/repo.ts:88");
      const { status, body } = await harness.gql(`{ a: product(id: "${encodeGlobalID("Product", productId(1))}") { name } b: products(first: 1) { edges { node { name } } } }`);
      expect(status).toBe(200);
      expect(body.data.a).toBeNull();
      expect(body.data.b.edges).toHaveLength(1);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].path).toEqual(["a"]);
      expect(body.errors[0].extensions.code).toBe(expected);
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/repo\.ts|relation|stack|pg:/);
    });
  }

  it("when a service answers INVALID_ARGUMENT with field violations, then they reach the client as extensions.violations", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const token = await harness.tokenFor(userId(1));
    // ListOrders takes at most 5 statuses; the service answers with a BadRequest naming the field.
    const six = [OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.PLACED];
    const refused = await harness.fakes.clients.orders.listOrders({ userId: userId(1), statuses: six }).then(() => undefined, (error: unknown) => error);
    const violations = fieldViolationsOf(refused);
    expect(violations.map((v) => v.field)).toEqual(["statuses"]);
    const { body } = await harness.gql("{ viewer { displayName orders(status: [PLACED, PAID, SHIPPED, DELIVERED, CANCELLED, PLACED]) { edges { cursor } } } }", { token });
    expect(body.data.viewer).toEqual({ displayName: "Ada", orders: null });
    expect(body.errors[0]).toMatchObject({
      path: ["viewer", "orders"],
      extensions: { code: "BAD_USER_INPUT", violations },
    });
  });

  it("when the connection gets a cursor it did not make, then it answers BAD_USER_INPUT without calling the catalog", async () => {
    const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
    const { body } = await harness.gql('{ products(first: 1, after: "bm9wZQ") { edges { cursor } } }');
    expect(body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", violations: [{ field: "after" }] });
    expect(harness.fakes.calls.count()).toBe(0);
  });
});

describe("global ids", () => {
  for (const [name, id] of [["garbage", "garbage"], ["an unknown type", Buffer.from("Secret:1").toString("base64")]] as const) {
    it(`when node() gets ${name}, then it answers BAD_USER_INPUT, not an internal error, and calls nothing`, async () => {
      const harness = webHarness(shopData({ orders: 1, linesPerOrder: 1 }));
      const { body } = await harness.gql(`{ node(id: "${id}") { id } }`);
      expect(body.data.node).toBeNull();
      expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(harness.fakes.calls.count()).toBe(0);
    });
  }
});
