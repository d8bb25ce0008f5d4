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
import { service, type ServiceRegistration } from "@shop/grpc-runtime";
import { withDomainErrors } from "@shop/service-host";
import { batchGetOrders } from "./batch-get-orders.js";
import { cancelOrder } from "./cancel-order.js";
import { catalogOver, type CatalogClient } from "./catalog-client.js";
import type { OrdersDependencies } from "./dependencies.js";
import type { Money } from "./domain/money.js";
import { lineTotal, type Order, type OrderStatus } from "./domain/order.js";
import { getOrder } from "./get-order.js";
import { listOrders } from "./list-orders.js";
import { placeOrder } from "./place-order.js";

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

/** What the OrderService handlers are given: the use cases' dependencies, with the catalog as its typed gRPC client. */
export interface OrderRouteDeps extends Omit<OrdersDependencies, "catalog"> {
  /** The catalog service's client; the handlers adapt it to the use cases' `Catalog` port. */
  readonly catalog: CatalogClient;
}

/**
 * The OrderService handlers: protobuf in, use case, protobuf out; the use cases' errors become
 * status codes through the kit's `withDomainErrors` (the catalog's own statuses pass through).
 */
export function orderRoutes(deps: OrderRouteDeps): ServiceImpl<typeof OrderService> {
  const useCases: OrdersDependencies = { ...deps, catalog: catalogOver(deps.catalog) };
  return withDomainErrors(OrderService, {
    async placeOrder(request) {
      const order = await placeOrder(useCases, {
        userId: request.userId,
        idempotencyKey: request.idempotencyKey,
        lines: request.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      });
      return { order: toOrderMessage(order) };
    },
    async getOrder(request) {
      const order = await getOrder(useCases, request.id);
      return { order: toOrderMessage(order) };
    },
    async batchGetOrders(request) {
      const result = await batchGetOrders(useCases, request.ids);
      return { orders: result.orders.map(toOrderMessage), missingIds: [...result.missingIds] };
    },
    async listOrders(request) {
      const page = await listOrders(useCases, {
        userId: request.userId,
        statuses: request.statuses.map((value) => STATUS_FROM_PROTO.get(value)),
        pageSize: request.pageSize,
        pageToken: request.pageToken,
      });
      return { orders: page.orders.map(toOrderMessage), nextPageToken: page.nextPageToken };
    },
    async cancelOrder(request) {
      const order = await cancelOrder(useCases, request.id);
      return { order: toOrderMessage(order) };
    },
  });
}

/** The OrderService with its handlers, for the host to serve. */
export function orderRegistration(deps: OrderRouteDeps): ServiceRegistration {
  return service(OrderService, orderRoutes(deps));
}

function toMoneyMessage(money: Money): MoneyMessage {
  return create(MoneySchema, { currencyCode: money.currencyCode, amountMinor: money.amountMinor });
}

/** The proto form of an order (what callers see; never the idempotency data). */
function toOrderMessage(order: Order): OrderMessage {
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
