import { create } from "@bufbuild/protobuf";
import { OrderLineSchema, OrderSchema, OrderStatus, type Order as OrderMessage } from "@shop/contracts/orders/v1";
import { describe, expect, it } from "vitest";
import { Money } from "../../src/domain/money.js";
import { Order } from "../../src/domain/order.js";
import { Code, rejectionOf, uuid, violatedFields, type OrdersUnderTest } from "./harness.js";

/** Stores a DELIVERED order of two lines for `userId`, `minutesAgo` minutes ago. */
async function storeTwoLineOrder(t: OrdersUnderTest, userId: string, minutesAgo: number): Promise<string> {
  const created = new Date(Date.now() - minutesAgo * 60_000);
  const order = Order.restore({
    id: uuid(created.getTime()),
    userId,
    status: "DELIVERED",
    lines: [
      { productId: uuid(), quantity: 3, unitPrice: Money.of("EUR", 450n) },
      { productId: uuid(), quantity: 1, unitPrice: Money.of("EUR", 1999n) },
    ],
    createTime: created,
    updateTime: created,
  });
  await t.repository.insert(order);
  return order.id;
}

/**
 * The read masks of OrderService (AIP-157), run by the behaviour suite against every host: in
 * memory, where the repository ignores the mask and the handler trims, and on PGlite and
 * PostgreSQL, where the repository reads only the selected columns and lines.
 */
export function describeReadMasks(under: () => OrdersUnderTest): void {
  describe("read masks", () => {
    it("when GetOrder and BatchGetOrders have an empty read mask, then every field comes back exactly as without one", async () => {
      const t = under();
      const ids = [await storeTwoLineOrder(t, uuid(), 2), await storeTwoLineOrder(t, uuid(), 1)];
      const whole = await t.client.batchGetOrders({ ids });
      expect(whole.orders[0]?.lines[1]?.lineTotal?.amountMinor).toBe(1999n);
      expect(await t.client.batchGetOrders({ ids, readMask: { paths: [] } })).toEqual(whole);
      expect((await t.client.getOrder({ id: ids[0]!, readMask: {} })).order).toEqual(whole.orders[0]);
    });

    it("when the mask is lines.product_id, then the lines carry their product ids only: no quantity, no prices", async () => {
      const t = under();
      const id = await storeTwoLineOrder(t, uuid(), 1);
      const { order: whole } = await t.client.getOrder({ id });
      const { order } = await t.client.getOrder({ id, readMask: { paths: ["lines.product_id"] } });
      expect(order).toEqual(
        create(OrderSchema, { id, lines: whole!.lines.map((line) => create(OrderLineSchema, { productId: line.productId })) }),
      );
      expect(order?.lines.map((line) => [line.quantity, line.unitPrice, line.lineTotal])).toEqual([
        [0, undefined, undefined],
        [0, undefined, undefined],
      ]);
    });

    it("when the mask is lines and total, then every line field and the total come back, nothing else", async () => {
      const t = under();
      const ids = [await storeTwoLineOrder(t, uuid(), 1)];
      const [whole] = (await t.client.batchGetOrders({ ids })).orders;
      const [order] = (await t.client.batchGetOrders({ ids, readMask: { paths: ["lines", "total"] } })).orders;
      expect(order).toEqual(create(OrderSchema, { id: whole!.id, lines: whole!.lines, total: whole!.total }));
      expect(order?.total?.amountMinor).toBe(3n * 450n + 1999n);
    });

    it("when the mask names no line field, then the orders come without lines, with their stored total and status", async () => {
      const t = under();
      const ids = [await storeTwoLineOrder(t, uuid(), 2), await storeTwoLineOrder(t, uuid(), 1)];
      const { orders } = await t.client.batchGetOrders({ ids, readMask: { paths: ["status", "total"] } });
      expect(orders.map((o) => [o.id, o.status, o.total?.currencyCode, o.total?.amountMinor, o.lines.length, o.userId])).toEqual(
        ids.map((id) => [id, OrderStatus.DELIVERED, "EUR", 3349n, 0, ""]),
      );
    });

    it("when a user's pages are walked with the mask status, then the same orders come in the same order, holding id and status only", async () => {
      const t = under();
      const userId = uuid();
      for (const minutesAgo of [5, 4, 3, 2, 1]) await storeTwoLineOrder(t, userId, minutesAgo);
      const whole = await t.client.listOrders({ userId, pageSize: 100 });
      const walked: OrderMessage[] = [];
      let pageToken = "";
      do {
        const page = await t.client.listOrders({ userId, pageSize: 2, pageToken, readMask: { paths: ["status"] } });
        walked.push(...page.orders);
        pageToken = page.nextPageToken;
      } while (pageToken !== "" && walked.length < 10);
      expect(walked).toEqual(whole.orders.map((o) => create(OrderSchema, { id: o.id, status: o.status })));
    });

    it("when read masks name unknown paths, then INVALID_ARGUMENT names each of them beside the request's other bad fields", async () => {
      const t = under();
      const fieldsOf = async (call: Promise<unknown>) => {
        const error = await rejectionOf(call);
        expect(error.code).toBe(Code.InvalidArgument);
        return violatedFields(error);
      };
      const paths = ["status", "lines.price", "line_total", "lines.product_id.x"];
      expect(await fieldsOf(t.client.getOrder({ id: "nope", readMask: { paths } }))).toEqual([
        "id",
        "read_mask.paths[1]",
        "read_mask.paths[2]",
        "read_mask.paths[3]",
      ]);
      expect(await fieldsOf(t.client.batchGetOrders({ ids: [uuid()], readMask: { paths: ["total.amount_minor"] } }))).toEqual([
        "read_mask.paths[0]",
      ]);
      expect(await fieldsOf(t.client.listOrders({ userId: uuid(), pageSize: 101, readMask: { paths: ["items"] } }))).toEqual([
        "page_size",
        "read_mask.paths[0]",
      ]);
    });
  });
}
