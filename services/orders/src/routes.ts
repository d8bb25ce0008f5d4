import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { MoneySchema, type Money as MoneyMessage } from "@shop/contracts/common/v1";
import {
  OrderLineSchema,
  OrderSchema,
  OrderService,
  OrderStatus as OrderStatusEnum,
  type Order as OrderMessage,
  type OrderLine as OrderLineMessage,
} from "@shop/contracts/orders/v1";
import { currentActor, service, type ServiceRegistration } from "@shop/grpc-runtime";
import { EVERY_FIELD, withDomainErrors, type FieldSelection } from "@shop/service-host";
import { batchGetOrders } from "./batch-get-orders.js";
import { cancelOrder } from "./cancel-order.js";
import { catalogOver, type CatalogClient } from "./catalog-client.js";
import type { OrdersDependencies } from "./dependencies.js";
import type { Money } from "./domain/money.js";
import { lineTotal, type OrderStatus } from "./domain/order.js";
import type { OrderField, PartialOrder, PartialOrderLine } from "./domain/partial-order.js";
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
 * Every method acts for the caller's verified end user (`currentActor`: PERMISSION_DENIED when a
 * non-privileged caller sent none); the use cases compare it with the orders' owner.
 */
export function orderRoutes(deps: OrderRouteDeps): ServiceImpl<typeof OrderService> {
  const useCases: OrdersDependencies = { ...deps, catalog: catalogOver(deps.catalog) };
  return withDomainErrors(OrderService, {
    async placeOrder(request) {
      const order = await placeOrder(useCases, currentActor(), {
        userId: request.userId,
        idempotencyKey: request.idempotencyKey,
        lines: request.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      });
      return { order: toOrderMessage(order, EVERY_FIELD) };
    },
    async getOrder(request) {
      const { record, fields } = await getOrder(useCases, currentActor(), { id: request.id, readMask: request.readMask?.paths ?? [] });
      return { order: toOrderMessage(record, fields) };
    },
    async batchGetOrders(request) {
      const result = await batchGetOrders(useCases, currentActor(), request.ids, request.readMask?.paths ?? []);
      return { orders: result.orders.map((order) => toOrderMessage(order, result.fields)), missingIds: [...result.missingIds] };
    },
    async listOrders(request) {
      const page = await listOrders(useCases, currentActor(), {
        userId: request.userId,
        statuses: request.statuses.map((value) => STATUS_FROM_PROTO.get(value)),
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        readMask: request.readMask?.paths ?? [],
      });
      return { orders: page.orders.map((order) => toOrderMessage(order, page.fields)), nextPageToken: page.nextPageToken };
    },
    async cancelOrder(request) {
      const order = await cancelOrder(useCases, currentActor(), request.id);
      return { order: toOrderMessage(order, EVERY_FIELD) };
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

/**
 * The proto form of an order (what callers see; never the idempotency data): the id and the
 * fields the read mask selected, the lines only when a line field is; every other field keeps its
 * proto default (nothing on the wire), even when the repository read more.
 */
function toOrderMessage(order: PartialOrder, fields: FieldSelection<OrderField>): OrderMessage {
  return create(OrderSchema, {
    id: order.id,
    userId: fields.pick("user_id", order.userId),
    lines: fields.touches("lines") ? order.lines?.map((line) => toLineMessage(line, fields)) : undefined,
    total: fields.pick("total", order.total && toMoneyMessage(order.total)),
    status: fields.pick("status", order.status && STATUS_TO_PROTO[order.status]),
    createTime: fields.pick("create_time", order.createTime && timestampFromDate(order.createTime)),
    updateTime: fields.pick("update_time", order.updateTime && timestampFromDate(order.updateTime)),
  });
}

/** The selected fields of one line; its total is computed here, from its price and quantity. */
function toLineMessage(line: PartialOrderLine, fields: FieldSelection<OrderField>): OrderLineMessage {
  const { unitPrice, quantity } = line;
  return create(OrderLineSchema, {
    productId: fields.pick("lines.product_id", line.productId),
    quantity: fields.pick("lines.quantity", quantity),
    unitPrice: fields.pick("lines.unit_price", unitPrice && toMoneyMessage(unitPrice)),
    lineTotal: fields.pick(
      "lines.line_total",
      unitPrice && quantity !== undefined ? toMoneyMessage(lineTotal({ unitPrice, quantity })) : undefined,
    ),
  });
}
