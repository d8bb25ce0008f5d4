import { OrderStatus } from "@shop/contracts/orders/v1";
import { invalidArgumentFields } from "@shop/grpc-runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuid, type OrdersUnderTest } from "./support/harness.js";
import { socketOrders } from "./support/socket-orders.js";

// Every repeated field of an OrderService request, flooded with bad values over a real socket: the
// answer is INVALID_ARGUMENT at once with a bounded list of violations, and the channel that
// carried it keeps serving (an oversized status trailer would stall it until every deadline).

describe("OrderService bounded errors (real socket, PGlite in memory, fake catalog)", () => {
  let t: OrdersUnderTest;

  beforeAll(async () => {
    t = await socketOrders({ inMemory: true });
    // Connected before the flooded calls, so each of them meets a channel already in use.
    await t.client.listOrders({ userId: uuid() });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The violated fields of `call`'s INVALID_ARGUMENT, once the same channel has answered a normal call after it. */
  async function expectBoundedInvalid(call: Promise<unknown>): Promise<string[]> {
    const fields = await invalidArgumentFields(call);
    expect((await t.client.listOrders({ userId: uuid() }, { timeoutMs: 5_000 })).orders).toEqual([]);
    return fields;
  }

  const badIds = (n: number) => Array.from({ length: n }, (_, i) => `bad-${i}`);
  const badLines = (n: number) => Array.from({ length: n }, () => ({ productId: "not-a-product", quantity: 0 }));
  const options = { timeoutMs: 5_000 };

  it("when BatchGetOrders.ids holds 10,000 bad ids, then INVALID_ARGUMENT names ids before its deadline and the channel still answers", async () => {
    expect(await expectBoundedInvalid(t.client.batchGetOrders({ ids: badIds(10_000) }, options))).toEqual(["ids"]);
  });

  it("when BatchGetOrders.ids holds 500 bad ids, then the first 20 are named and one summary counts the rest", async () => {
    const fields = await expectBoundedInvalid(t.client.batchGetOrders({ ids: badIds(500) }, options));
    expect(fields).toEqual([...Array.from({ length: 20 }, (_, i) => `ids[${i}]`), "ids"]);
  });

  it("when ListOrders.statuses holds 10,000 unknown statuses, then INVALID_ARGUMENT names statuses before its deadline and the channel still answers", async () => {
    const statuses = Array.from({ length: 10_000 }, () => 42 as OrderStatus);
    expect(await expectBoundedInvalid(t.client.listOrders({ userId: uuid(), statuses }, options))).toEqual(["statuses"]);
  });

  it("when ListOrders.statuses holds 5 unknown statuses, then each is named", async () => {
    const statuses = [OrderStatus.UNSPECIFIED, 42 as OrderStatus, 43 as OrderStatus, 44 as OrderStatus, 45 as OrderStatus];
    const fields = await expectBoundedInvalid(t.client.listOrders({ userId: uuid(), statuses }, options));
    expect(fields).toEqual(["statuses[0]", "statuses[1]", "statuses[2]", "statuses[3]", "statuses[4]"]);
  });

  it("when ListOrders.read_mask holds 10,000 unknown paths, then the first 20 are named and one summary counts the rest", async () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `lines.unknown_${i}_${"x".repeat(100)}`);
    const fields = await expectBoundedInvalid(t.client.listOrders({ userId: uuid(), readMask: { paths } }, options));
    expect(fields).toEqual([...Array.from({ length: 20 }, (_, i) => `read_mask.paths[${i}]`), "read_mask"]);
  });

  it("when PlaceOrder.lines holds 10,000 bad lines, then INVALID_ARGUMENT names lines before its deadline and the channel still answers", async () => {
    const fields = await expectBoundedInvalid(t.client.placeOrder({ userId: uuid(), idempotencyKey: "k", lines: badLines(10_000) }, options));
    expect(fields).toEqual(["lines"]);
  });

  it("when PlaceOrder.lines holds 50 bad lines, then the first 20 violations are named and one summary counts the rest", async () => {
    const fields = await expectBoundedInvalid(t.client.placeOrder({ userId: uuid(), idempotencyKey: "k", lines: badLines(50) }, options));
    expect(fields).toHaveLength(21);
    expect(fields.slice(0, 3)).toEqual(["lines[0].product_id", "lines[0].quantity", "lines[1].product_id"]);
    expect(fields[20]).toBe("lines");
  });
});
