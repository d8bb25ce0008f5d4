import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { OrderStatus, type Order, type OrderService } from "@shop/contracts/orders/v1";
import { randomUUID } from "node:crypto";
import { fakeOrder, type FakeData } from "./fake-data.js";
import { batchAnswer, checkBatchIds, fakeFailedPrecondition, fakeInvalidArgument, pageOffset, pageSize, pageToken } from "./fake-errors.js";

const KEY = /^[A-Za-z0-9_.:\-]{1,128}$/;

/**
 * An in-memory OrderService over `data.orders`, pricing from and taking stock off
 * `data.products` directly (it does not call the fake catalog, so catalog call counts stay exact).
 */
export function fakeOrderService(data: FakeData): ServiceImpl<typeof OrderService> {
  const placedByKey = new Map<string, { fingerprint: string; order: Order }>();
  const byId = (id: string) => data.orders.find((o) => o.id === id);
  const newestFirst = (a: Order, b: Order) => {
    const at = (o: Order) => Number(o.createTime?.seconds ?? 0n) * 1000 + (o.createTime?.nanos ?? 0) / 1e6;
    return at(b) - at(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  };

  return {
    placeOrder({ userId, lines, idempotencyKey }) {
      const violations: { field: string; description: string }[] = [];
      if (userId === "") violations.push({ field: "user_id", description: "required" });
      if (!KEY.test(idempotencyKey)) violations.push({ field: "idempotency_key", description: "1 to 128 chars of [A-Za-z0-9_.:-]" });
      if (lines.length < 1 || lines.length > 50) violations.push({ field: "lines", description: "1 to 50 lines" });
      const seen = new Set<string>();
      lines.forEach((line, i) => {
        if (line.quantity < 1 || line.quantity > 100) violations.push({ field: `lines[${i}].quantity`, description: "1 to 100" });
        if (seen.has(line.productId)) violations.push({ field: `lines[${i}].product_id`, description: "each product at most once" });
        else if (!data.products.some((p) => p.id === line.productId)) violations.push({ field: `lines[${i}].product_id`, description: "no such product" });
        seen.add(line.productId);
      });
      if (violations.length > 0) throw fakeInvalidArgument(violations);

      const fingerprint = JSON.stringify(lines.map((l) => [l.productId, l.quantity]));
      const previous = placedByKey.get(`${userId}/${idempotencyKey}`);
      if (previous) {
        if (previous.fingerprint !== fingerprint) throw fakeInvalidArgument([{ field: "idempotency_key", description: "reused with a different request" }]);
        return { order: previous.order };
      }
      const products = lines.map((l) => data.products.find((p) => p.id === l.productId)!);
      const short = lines.filter((l, i) => products[i]!.stockAvailable < l.quantity);
      if (short.length > 0) {
        throw fakeFailedPrecondition(short.map((l) => ({ type: "STOCK", subject: l.productId, description: "not enough stock" })), "stock is short");
      }
      lines.forEach((l, i) => { products[i]!.stockAvailable -= l.quantity; });
      const order = fakeOrder({
        id: randomUUID(), userId, status: OrderStatus.PLACED, createdAt: new Date(),
        lines: lines.map((l, i) => ({ productId: l.productId, quantity: l.quantity, unitPriceMinor: products[i]!.price!.amountMinor })),
      });
      data.orders.push(order);
      placedByKey.set(`${userId}/${idempotencyKey}`, { fingerprint, order });
      return { order };
    },
    getOrder({ id }) {
      const order = byId(id);
      if (!order) throw new ConnectError(`order ${id} not found`, Code.NotFound);
      return { order };
    },
    batchGetOrders({ ids }) {
      checkBatchIds(ids);
      const { found, missing } = batchAnswer(data.orders, ids);
      return { orders: found, missingIds: missing };
    },
    listOrders(request) {
      if (request.userId === "") throw fakeInvalidArgument([{ field: "user_id", description: "required" }]);
      if (request.statuses.length > 5) throw fakeInvalidArgument([{ field: "statuses", description: "at most 5" }]);
      const size = pageSize(request.pageSize, 20, 100);
      const offset = pageOffset(request.pageToken);
      const matching = data.orders
        .filter((o) => o.userId === request.userId)
        .filter((o) => request.statuses.length === 0 || request.statuses.includes(o.status))
        .sort(newestFirst);
      return { orders: matching.slice(offset, offset + size), nextPageToken: pageToken(offset + size, matching.length) };
    },
    cancelOrder({ id }) {
      const order = byId(id);
      if (!order) throw new ConnectError(`order ${id} not found`, Code.NotFound);
      if (order.status === OrderStatus.CANCELLED) return { order };
      if (order.status !== OrderStatus.PLACED && order.status !== OrderStatus.PAID) {
        throw fakeFailedPrecondition([{ type: "STATUS", subject: id, description: "only a placed or paid order can be cancelled" }], "cannot cancel");
      }
      for (const line of order.lines) {
        const product = data.products.find((p) => p.id === line.productId);
        if (product) product.stockAvailable += line.quantity;
      }
      order.status = OrderStatus.CANCELLED;
      order.updateTime = timestampNow();
      return { order };
    },
  };
}
