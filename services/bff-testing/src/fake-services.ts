import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Code, type ServiceImpl } from "@connectrpc/connect";
import type { ServiceClients, ServiceName } from "@shop/bff-kit";
import { catalogRoutes, MemoryCatalog } from "@shop/catalog/testing";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { service } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { createTestTransport, endUserTransport, propagatingTransport } from "@shop/grpc-runtime/testing";
import { MemoryOrderRepository, orderRoutes } from "@shop/orders/testing";
import {
  createInMemorySessionRepository,
  createInMemoryUserRepository,
  createPasswordHasher,
  DEFAULT_SESSION_POLICY,
  TEST_PASSWORD_PARAMS,
  userRoutes,
} from "@shop/users/testing";
import { createCallRecorder, type CallLog } from "./call-log.js";
import { demoSlice, type Seed } from "./demo-slice.js";
import { createFaults } from "./faults.js";
import { withLayers, type HandlerLayer } from "./handler-layer.js";
import { createServiceRecords, type ServiceRecords } from "./service-records.js";

/** The users, catalog and orders services in memory, with a call recorder and fault injection. */
export interface FakeServices {
  /** Typed clients over in-memory Connect transports (no sockets), the type a BFF takes. */
  readonly clients: ServiceClients;
  /** The records behind the services: add and change them between requests. */
  readonly data: ServiceRecords;
  /** The routes (seeded, neither recorded nor faulted), to host them elsewhere (e.g. on a real server). */
  readonly impls: {
    readonly users: ServiceImpl<typeof UserService>;
    readonly catalog: ServiceImpl<typeof CatalogService>;
    readonly orders: ServiceImpl<typeof OrderService>;
  };
  /** The calls `clients` made (not the ones the orders service makes to the catalog). */
  readonly calls: CallLog;
  /** Settles when the seed is stored; calls and `data` wait for it on their own. */
  readonly ready: Promise<void>;
  /**
   * From now on, calls to a service ("catalog") or one method ("catalog.BatchGetProducts") fail with
   * `code` — the orders service's own calls to the catalog included, as in a real outage.
   */
  fail(target: string, code: Code, message?: string): void;
  /** From now on, such calls never answer until their deadline (or the caller's abort). */
  hang(target: string): void;
  /** Removes the fault of one target, or all faults. */
  heal(target?: string): void;
}

/**
 * Cheap Argon2id parameters, the ones the users service's own in-memory tests use: 256 KiB and one
 * pass per hash instead of the production setting's 19 MiB and two. Hashes still verify through the real use case.
 */
export { TEST_PASSWORD_PARAMS };

/**
 * The real `userRoutes`, `catalogRoutes` and `orderRoutes`, each over its service's in-memory
 * repositories, behind Connect router transports with the servers' error rule (`createTestTransport`).
 * Orders calls the catalog through a client over the same catalog routes and repositories, so placing
 * an order really reserves stock. `seed` stores the starting records (default: {@link demoSlice}).
 */
export function createFakeServices(seed: Seed = demoSlice()): FakeServices {
  const now = () => new Date();
  const users = createInMemoryUserRepository();
  const sessions = createInMemorySessionRepository(users);
  const passwords = createPasswordHasher(TEST_PASSWORD_PARAMS);
  const catalog = new MemoryCatalog();
  const orders = new MemoryOrderRepository();
  const faults = createFaults();
  const recorder = createCallRecorder();

  // The clients send a call's END_USER as an (unsigned) x-user-token, as the real transport does in plaintext mode.
  const mount = <S extends DescService>(name: ServiceName, desc: S, impl: ServiceImpl<S>, layers: readonly HandlerLayer[]) =>
    createClient(desc, endUserTransport(createTestTransport(service(desc, withLayers(name, desc, impl, layers)))));

  const catalogImpl = catalogRoutes({ products: catalog.products, reservations: catalog.reservations, now });
  // The catalog as the orders service reaches it: the same routes over the same repositories, behind
  // the same faults, called with the context of the request being served; not recorded.
  const catalogForOrders = createClient(
    CatalogService,
    propagatingTransport(createTestTransport(service(CatalogService, withLayers("catalog", CatalogService, catalogImpl, [faults.layer]))), "orders"),
  );
  const routes = {
    users: userRoutes({ users, sessions, passwords, sessionPolicy: DEFAULT_SESSION_POLICY, now, newId }),
    catalog: catalogImpl,
    orders: orderRoutes({ orders, catalog: catalogForOrders, now, newId }),
  };
  const direct: ServiceClients = {
    users: mount("users", UserService, routes.users, []),
    catalog: mount("catalog", CatalogService, routes.catalog, []),
    orders: mount("orders", OrderService, routes.orders, []),
  };
  const records = createServiceRecords({ users, passwords, catalog, orders, now }, direct);
  const ready = (async () => seed(records))();
  const seeded: HandlerLayer = async (_call, next) => {
    await ready;
    return next();
  };

  const layers = [recorder.layer, faults.layer, seeded];
  return {
    clients: {
      users: mount("users", UserService, routes.users, layers),
      catalog: mount("catalog", CatalogService, routes.catalog, layers),
      orders: mount("orders", OrderService, routes.orders, layers),
    },
    data: afterSeed(records, ready),
    impls: {
      users: withLayers("users", UserService, routes.users, [seeded]),
      catalog: withLayers("catalog", CatalogService, routes.catalog, [seeded]),
      orders: withLayers("orders", OrderService, routes.orders, [seeded]),
    },
    calls: recorder.log,
    ready,
    fail: faults.fail,
    hang: faults.hang,
    heal: faults.heal,
  };
}

/** `records` whose every function first waits for the seed. */
function afterSeed(records: ServiceRecords, ready: Promise<void>): ServiceRecords {
  const gated: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(records) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    gated[name] = async (...args: unknown[]) => {
      await ready;
      return fn(...args);
    };
  }
  return gated as unknown as ServiceRecords;
}
