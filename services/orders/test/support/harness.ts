import { Code, ConnectError, createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { OrderService } from "@shop/contracts/orders/v1";
import { BadRequestSchema, PreconditionFailureSchema, ResourceInfoSchema } from "@shop/contracts/google/rpc/error_details";
import { uuidV7From } from "@shop/grpc-runtime/ids";
import { randomFillSync } from "node:crypto";
import { orderRoutes, type OrderRouteDeps } from "../../src/routes.js";
import { FakeCatalog } from "./fake-catalog.js";
import type { OrderRepository } from "../../src/order-repository.js";
import { FaultyOrderRepository } from "./faulty-order-repository.js";
import { MemoryOrderRepository } from "./memory-order-repository.js";

/** A fresh UUIDv7 at a given time (default now). */
export function uuid(timeMs = Date.now()): string {
  return uuidV7From(timeMs, randomFillSync(new Uint8Array(10)));
}

/** What a behaviour test of OrderService gets: a client, the fake catalog behind it and the repository. */
export interface OrdersUnderTest {
  readonly client: Client<typeof OrderService>;
  readonly catalog: FakeCatalog;
  /** The repository the service uses, with fault injection. */
  readonly repository: FaultyOrderRepository;
  close(): Promise<void>;
}

/** Dependencies on a fake catalog and `store`, with a clock that moves 1 ms per reading. */
export function testDependencies(store: OrderRepository): { deps: OrderRouteDeps; catalog: FakeCatalog; repository: FaultyOrderRepository } {
  const catalog = new FakeCatalog();
  const repository = new FaultyOrderRepository(store);
  let tick = Date.UTC(2026, 5, 1);
  const deps: OrderRouteDeps = {
    orders: repository,
    catalog: catalog.client(),
    now: () => new Date(tick++),
    newId: () => uuid(tick),
  };
  return { deps, catalog, repository };
}

/** The OrderService mounted in memory (Connect router transport) on a Map repository and a fake catalog. */
export function inMemoryOrders(): OrdersUnderTest {
  const { deps, catalog, repository } = testDependencies(new MemoryOrderRepository());
  const client = createClient(OrderService, createRouterTransport(({ service }) => service(OrderService, orderRoutes(deps))));
  return { client, catalog, repository, close: async () => {} };
}

/** The error a promise rejects with, as a ConnectError (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** The fields named by the BadRequest detail of an error. */
export function violatedFields(error: ConnectError): string[] {
  return error.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => v.field));
}

/** The subjects named by the PreconditionFailure detail of an error. */
export function preconditionSubjects(error: ConnectError): string[] {
  return error.findDetails(PreconditionFailureSchema).flatMap((d) => d.violations.map((v) => v.subject));
}

/** The resource names of the ResourceInfo details of an error. */
export function missingResources(error: ConnectError): string[] {
  return error.findDetails(ResourceInfoSchema).map((d) => d.resourceName);
}

export { Code };
