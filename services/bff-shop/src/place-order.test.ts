import { Code, ConnectError } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { OrderSchema } from "@shop/contracts/orders/v1";
import { failedPrecondition, invalidArgument, notFound } from "@shop/grpc-runtime";
import type { BffContext } from "@shop/bff-kit";
import { InvalidInputError } from "./invalid-input-error.js";
import { OutOfStockError } from "./out-of-stock-error.js";
import { placeOrderFor } from "./place-order.js";

const P1 = "0190f5b4-7c2a-7000-8000-000000000001";
const P2 = "0190f5b4-7c2a-7000-8000-000000000002";
const request = { lines: [{ productId: P1, quantity: 1 }, { productId: P2, quantity: 2 }], idempotencyKey: "k-1" };
const viewer = { userId: "0190f5b4-7c2a-7000-8000-0000000000aa", sessionId: "0190f5b4-7c2a-7000-8000-0000000000bb" };

/** A context whose OrderService answers `answer` (a value or a thrown error), recording what was primed. */
function contextAnswering(answer: () => unknown) {
  const primed: string[] = [];
  const sent: unknown[] = [];
  const ctx = {
    clients: { orders: { placeOrder: async (req: unknown) => (sent.push(req), answer()) } },
    callOptions: () => ({}),
    loaders: { orders: { prime: (id: string) => primed.push(id) } },
  } as unknown as BffContext;
  return { ctx, primed, sent };
}

/** Expects placeOrderFor to throw InvalidInputError with exactly `violations`. */
async function expectInvalidInput(ctx: BffContext, violations: { field: string; description: string }[]) {
  const error = await placeOrderFor(ctx, viewer, request).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).violations).toEqual(violations);
  expect((error as InvalidInputError).message).toBe("The order input is not valid.");
}

describe("placeOrderFor", () => {
  it("when the order is placed, then it is returned for the viewer and primed in the order loader", async () => {
    const order = create(OrderSchema, { id: "o-1", userId: viewer.userId });
    const { ctx, primed, sent } = contextAnswering(() => ({ order }));
    expect(await placeOrderFor(ctx, viewer, request)).toBe(order);
    expect(primed).toEqual(["o-1"]);
    expect(sent).toEqual([{ userId: viewer.userId, lines: request.lines, idempotencyKey: "k-1" }]);
  });

  it("when stock is short, then OutOfStockError carries only the STOCK subjects as product ids", async () => {
    const { ctx } = contextAnswering(() => {
      throw failedPrecondition([{ type: "STOCK", subject: P2, description: "2 asked, 1 left" }], "out of stock");
    });
    const error = await placeOrderFor(ctx, viewer, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutOfStockError);
    expect(error).toMatchObject({ message: "Some products are out of stock.", productIds: [P2] });
  });

  it("when another precondition fails, then it is InvalidInputError, not out of stock", async () => {
    const { ctx } = contextAnswering(() => {
      throw failedPrecondition([{ type: "RESERVATION", subject: "idempotency_key", description: "retry with a new key" }], "released");
    });
    await expectInvalidInput(ctx, [{ field: "input.idempotencyKey", description: "retry with a new key" }]);
  });

  it("when products are unknown, then InvalidInputError names the lines that hold them", async () => {
    const { ctx } = contextAnswering(() => {
      throw notFound("product", [P2]);
    });
    await expectInvalidInput(ctx, [{ field: "input.lines[1].productId", description: "no such product" }]);
  });

  it("when the service refuses a field, then its path is given in the mutation's spelling", async () => {
    const { ctx } = contextAnswering(() => {
      throw invalidArgument([{ field: "lines[0].quantity", description: "must be 1 to 100" }]);
    });
    await expectInvalidInput(ctx, [{ field: "input.lines[0].quantity", description: "must be 1 to 100" }]);
  });

  it("when the service is unavailable, then the error is thrown for the masker", async () => {
    const { ctx } = contextAnswering(() => {
      throw new ConnectError("down", Code.Unavailable);
    });
    await expect(placeOrderFor(ctx, viewer, request)).rejects.toMatchObject({ code: Code.Unavailable });
  });
});
