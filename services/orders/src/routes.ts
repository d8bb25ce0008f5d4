import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { MoneySchema, type Money as MoneyMessage } from "@shop/contracts/common/v1";
import {
  OrderSchema,
  OrderService,
  OrderStatus as OrderStatusEnum,
  type Order as OrderMessage,
} from "@shop/contracts/orders/v1";
import { batchGetOrders } from "./batch-get-orders.js";
import { cancelOrder } from "./cancel-order.js";
import type { OrdersDependencies } from "./dependencies.js";
import type { Money } from "./domain/money.js";
import { lineTotal, type Order, type OrderStatus } from "./domain/order.js";
import { getOrder } from "./get-order.js";
import { listOrders } from "./list-orders.js";
import { placeOrder } from "./place-order.js";
import { toConnectError } from "./to-connect-error.js";

const STATUS_TO_PROTO: Readonly<Record<OrderStatus, OrderStatusEnum>> = {
  PLACED: OrderStatusEnum.PLACED,
  PAID: OrderStatusEnum.PAID,
  SHIPPED: OrderStatusEnum.SHIPPED,
  DELIVERED: OrderStatusEnum.DELIVERED,
  CANCELLED: OrderStatusEnum.CANCELLED,
};

const STATUS_FROM_PROTO = new Map<number, OrderStatus>(
  Object.entries(STATUS_TO_PROTO).map(([status, value]) => [value, status as OrderStatus]),
);

/** The OrderService handlers: proto ⇄ domain and errors → status codes; the use cases do the rest. */
export function orderRoutes(deps: OrdersDependencies): ServiceImpl<typeof OrderService> {
  return {
    async placeOrder(request) {
      const order = await answer(() =>
        placeOrder(deps, {
          userId: request.userId,
          idempotencyKey: request.idempotencyKey,
          lines: request.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        }),
      );
      return { order: toOrderMessage(order) };
    },
    async getOrder(request) {
      const order = await answer(() => getOrder(deps, request.id));
      return { order: toOrderMessage(order) };
    },
    async batchGetOrders(request) {
      const result = await answer(() => batchGetOrders(deps, request.ids));
      return { orders: result.orders.map(toOrderMessage), missingIds: [...result.missingIds] };
    },
    async listOrders(request) {
      const page = await answer(() =>
        listOrders(deps, {
          userId: request.userId,
          statuses: request.statuses.map((value) => STATUS_FROM_PROTO.get(value)),
          pageSize: request.pageSize,
          pageToken: request.pageToken,
        }),
      );
      return { orders: page.orders.map(toOrderMessage), nextPageToken: page.nextPageToken };
    },
    async cancelOrder(request) {
      const order = await answer(() => cancelOrder(deps, request.id));
      return { order: toOrderMessage(order) };
    },
  };
}

async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toConnectError(error);
  }
}

function toMoneyMessage(money: Money): MoneyMessage {
  return create(MoneySchema, { currencyCode: money.currencyCode, amountMinor: money.amountMinor });
}

/** The proto form of an order (what callers see; never the idempotency data). */
export function toOrderMessage(order: Order): OrderMessage {
  return create(OrderSchema, {
    id: order.id,
    userId: order.userId,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: toMoneyMessage(line.unitPrice),
      lineTotal: toMoneyMessage(lineTotal(line)),
    })),
    total: toMoneyMessage(order.total),
    status: STATUS_TO_PROTO[order.status],
    createTime: timestampFromDate(order.state.createTime),
    updateTime: timestampFromDate(order.state.updateTime),
  });
}
