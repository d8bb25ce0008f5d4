import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { closeClient, createClient, notFoundIdsOf, preconditionViolationsOf, silentLogger } from "@shop/grpc-runtime";
import { startCatalogService, type RunningCatalogService } from "@shop/catalog/app";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService, OrderStatus } from "@shop/contracts/orders/v1";
import { DEMO_PRODUCT_COUNT, demoProduct } from "@shop/service-host/demo";
import { startOrdersService, type RunningOrdersService } from "../src/app.js";
import { FaultyOrderRepository } from "./support/faulty-order-repository.js";
import { rejectionOf, uuid } from "./support/harness.js";

// Orders and the real catalog service, both started in-process on embedded PGlite, talking over
// real sockets through the project's typed clients: prices, reservations and releases are catalog's.

const inStock = Array.from({ length: 200 }, (_, i) => demoProduct(i)).filter((p) => p.stock >= 20);
const soldOut = Array.from({ length: DEMO_PRODUCT_COUNT }, (_, i) => i).map(demoProduct).find((p) => p.stock === 0)!;

describe("OrderService with the real catalog service", () => {
  let catalogService: RunningCatalogService;
  let ordersService: RunningOrdersService;
  let repository: FaultyOrderRepository;
  let orders: ReturnType<typeof createClient<typeof OrderService>>;
  let catalog: ReturnType<typeof createClient<typeof CatalogService>>;

  beforeAll(async () => {
    catalogService = await startCatalogService({ inMemory: true, seed: true, logger: silentLogger() });
    ordersService = await startOrdersService({
      inMemory: true,
      seed: false,
      logger: silentLogger(),
      catalogTargets: [catalogService.address],
      decorateRepository: (inner) => (repository = new FaultyOrderRepository(inner)),
    });
    orders = createClient(OrderService, ordersService.address, { retry: false });
    catalog = createClient(CatalogService, catalogService.address);
  });
  afterAll(async () => {
    if (orders) closeClient(orders);
    if (catalog) closeClient(catalog);
    await ordersService?.stop();
    await catalogService?.stop();
  });

  const stockOf = async (productId: string) => (await catalog.getProduct({ id: productId })).product!.stockAvailable;

  it("when an order is placed, then its prices are catalog's and catalog's stock drops once even if the request is repeated", async () => {
    const [a, b] = [inStock[0]!, inStock[1]!];
    const before = [await stockOf(a.id), await stockOf(b.id)];
    const request = { userId: uuid(), idempotencyKey: "real-1", lines: [{ productId: a.id, quantity: 3 }, { productId: b.id, quantity: 1 }] };
    const { order } = await orders.placeOrder(request);
    const again = await orders.placeOrder(request);
    expect(again.order?.id).toBe(order?.id);
    expect(order?.lines.map((l) => l.unitPrice?.amountMinor)).toEqual([BigInt(a.priceMinor), BigInt(b.priceMinor)]);
    expect(order?.total?.amountMinor).toBe(BigInt(3 * a.priceMinor + b.priceMinor));
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([before[0]! - 3, before[1]! - 1]);

    const { order: cancelled } = await orders.cancelOrder({ id: order!.id });
    expect(cancelled?.status).toBe(OrderStatus.CANCELLED);
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual(before);
  });

  it("when persisting fails after catalog reserved the stock, then catalog gets the stock back", async () => {
    const a = inStock[2]!;
    const before = await stockOf(a.id);
    repository.failNextInsert = new Error("injected write failure");
    const error = await rejectionOf(orders.placeOrder({ userId: uuid(), idempotencyKey: "real-2", lines: [{ productId: a.id, quantity: 2 }] }));
    expect(error.code).toBe(Code.Internal);
    expect(await stockOf(a.id)).toBe(before);
  });

  it("when a failed attempt's key is retried, then FAILED_PRECONDITION asks for a new key instead of recording an order without stock", async () => {
    const a = inStock[4]!;
    const userId = uuid();
    const request = { userId, idempotencyKey: "real-5", lines: [{ productId: a.id, quantity: 1 }] };
    repository.failNextInsert = new Error("injected write failure");
    await rejectionOf(orders.placeOrder(request));
    const before = await stockOf(a.id);
    const retry = await rejectionOf(orders.placeOrder(request));
    expect(retry.code).toBe(Code.FailedPrecondition);
    expect((await orders.listOrders({ userId })).orders).toEqual([]);
    expect(await stockOf(a.id)).toBe(before);
  });

  it("when a product is sold out, then catalog's FAILED_PRECONDITION names it and no stock moves", async () => {
    const a = inStock[3]!;
    const before = await stockOf(a.id);
    const error = await rejectionOf(
      orders.placeOrder({ userId: uuid(), idempotencyKey: "real-3", lines: [{ productId: a.id, quantity: 1 }, { productId: soldOut.id, quantity: 1 }] }),
    );
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(preconditionViolationsOf(error).map((v) => v.subject)).toContain(soldOut.id);
    expect(await stockOf(a.id)).toBe(before);
  });

  it("when a product is unknown, then NOT_FOUND lists it", async () => {
    const ghost = uuid();
    const error = await rejectionOf(orders.placeOrder({ userId: uuid(), idempotencyKey: "real-4", lines: [{ productId: ghost, quantity: 1 }] }));
    expect(error.code).toBe(Code.NotFound);
    expect(notFoundIdsOf(error)).toEqual([ghost]);
  });
});
