import { Code, ConnectError } from "@connectrpc/connect";
import { OrderStatus } from "@shop/contracts/orders/v1";
import { fieldViolationsOf } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { DEMO_LOGIN, demoProduct, demoUser } from "@shop/service-host/demo";
import { describe, expect, it } from "vitest";
import { demoSlice } from "./demo-slice.js";
import { createFakeServices } from "./fake-services.js";

async function rejectionOf(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail, it succeeded");
}

const small = () => createFakeServices(demoSlice({ users: 3, products: 20, orders: 6 }));

describe("the real services in memory", () => {
  it("when the demo slice is loaded, then the demo login verifies through the users service and nobody else can log in", async () => {
    const { clients } = small();
    const { user } = await clients.users.verifyCredentials(DEMO_LOGIN);
    expect(user?.id).toBe(demoUser(0).id);
    const other = await rejectionOf(clients.users.verifyCredentials({ email: demoUser(1).email, password: "password-1" }));
    expect(other.code).toBe(Code.Unauthenticated);
  });

  it("when an order is placed, then the catalog's stock drops once, a retry returns the same order and only the caller's calls are recorded", async () => {
    const services = small();
    const product = demoProduct(0);
    const before = (await services.data.product(product.id))!.stockAvailable;
    const request = { userId: demoUser(1).id, idempotencyKey: "k-1", lines: [{ productId: product.id, quantity: 3 }] };
    const { order } = await services.clients.orders.placeOrder(request);
    const again = await services.clients.orders.placeOrder(request);
    expect(again.order?.id).toBe(order?.id);
    expect(order?.total?.amountMinor).toBe(3n * BigInt(product.priceMinor));
    expect((await services.data.product(product.id))!.stockAvailable).toBe(before - 3);
    expect(services.calls.summary()).toEqual({ "orders.PlaceOrder": 2 });
  });

  it("when an id is not a UUIDv7, then the service's own validation refuses it", async () => {
    const { clients } = small();
    const error = await rejectionOf(clients.catalog.batchGetProducts({ ids: [demoProduct(0).id, "p-1"] }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(fieldViolationsOf(error).map((v) => v.field)).toEqual(["ids[1]"]);
  });

  it("when records are added and changed, then the services answer with them", async () => {
    const { clients, data } = createFakeServices(demoSlice({ users: 2, products: 0, orders: 0 }));
    const product = await data.addProduct({ name: "Kettle", priceMinor: 2_500, stock: 4 });
    const order = await data.addOrder({ userId: demoUser(1).id, lines: [{ productId: product.id, quantity: 2 }] });
    expect(order.total?.amountMinor).toBe(5_000n);
    expect((await data.updateProduct(product.id, { stock: 1 })).stockAvailable).toBe(1);
    const short = await rejectionOf(clients.orders.placeOrder({ userId: demoUser(0).id, idempotencyKey: "k", lines: [{ productId: product.id, quantity: 2 }] }));
    expect(short.code).toBe(Code.FailedPrecondition);

    await data.setOrderStatus(order.id, OrderStatus.SHIPPED);
    expect((await rejectionOf(clients.orders.cancelOrder({ id: order.id }))).code).toBe(Code.FailedPrecondition);
    await data.removeProduct(product.id);
    expect((await clients.catalog.batchGetProducts({ ids: [product.id] })).missingIds).toEqual([product.id]);
    expect(await data.ordersOf(demoUser(1).id)).toEqual([await data.order(order.id)]);
  });

  it("when calls are made, then each is recorded with its headers and deadline until reset", async () => {
    const services = small();
    await services.clients.users.getUser({ id: demoUser(0).id }, { timeoutMs: 500, headers: { "x-request-id": "req-1" } });
    await services.clients.catalog.listProducts({ pageSize: 2 });
    expect(services.calls.count()).toBe(2);
    expect(services.calls.count("users")).toBe(1);
    expect(services.calls.count("catalog.ListProducts")).toBe(1);
    const [call] = services.calls.all;
    expect(call).toMatchObject({ service: "users", method: "GetUser", request: { id: demoUser(0).id } });
    expect(call!.headers.get("x-request-id")).toBe("req-1");
    expect(call!.timeoutMs).toBeLessThanOrEqual(500);
    services.calls.reset();
    expect(services.calls.summary()).toEqual({});
  });

  it("when a service is failed, then its calls and the orders service's calls to it fail with that code until healed", async () => {
    const services = small();
    services.fail("catalog", Code.Unavailable);
    services.fail("users.GetUser", Code.NotFound, "gone");
    expect((await rejectionOf(services.clients.catalog.listProducts({}))).code).toBe(Code.Unavailable);
    const place = () => services.clients.orders.placeOrder({ userId: demoUser(1).id, idempotencyKey: "k", lines: [{ productId: demoProduct(1).id, quantity: 1 }] });
    expect((await rejectionOf(place())).code).toBe(Code.Unavailable);
    expect((await rejectionOf(services.clients.users.getUser({ id: demoUser(0).id }))).rawMessage).toBe("gone");
    expect((await services.clients.users.batchGetUsers({ ids: [demoUser(0).id] })).users).toHaveLength(1);
    services.heal();
    expect((await place()).order?.status).toBe(OrderStatus.PLACED);
  });

  it("when a method hangs, then its calls end at the caller's deadline", async () => {
    const services = small();
    services.hang("users.BatchGetUsers");
    const started = Date.now();
    const error = await rejectionOf(services.clients.users.batchGetUsers({ ids: [newId()] }, { timeoutMs: 100 }));
    expect(error.code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
