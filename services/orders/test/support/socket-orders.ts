import { closeClient, createClient, silentLogger } from "@shop/grpc-runtime";
import { OrderService } from "@shop/contracts/orders/v1";
import type { QueryListener } from "@shop/service-host/db";
import { startOrdersService, type OrdersServiceOptions, type RunningOrdersService } from "../../src/app.js";
import { FakeCatalog } from "./fake-catalog.js";
import { FaultyOrderRepository } from "./faulty-order-repository.js";
import type { OrdersUnderTest } from "./harness.js";

/**
 * The real orders service (startOrdersService: migrations, Prisma repository, grpc-js server on
 * port 0) with a fake catalog, reached through the project's typed client over a real socket.
 */
export async function socketOrders(
  database: Pick<OrdersServiceOptions, "databaseUrl" | "inMemory">,
  onQuery?: QueryListener,
): Promise<OrdersUnderTest & { readonly service: RunningOrdersService }> {
  const catalog = new FakeCatalog();
  let repository: FaultyOrderRepository | undefined;
  const service = await startOrdersService({
    ...database,
    seed: false,
    dbPoolSize: 4,
    logger: silentLogger(),
    catalog: catalog.client(),
    decorateRepository: (inner) => (repository = new FaultyOrderRepository(inner)),
    ...(onQuery ? { onQuery } : {}),
  });
  const client = createClient(OrderService, service.address, { retry: false });
  return {
    client,
    catalog,
    repository: repository!,
    service,
    close: async () => {
      closeClient(client);
      await service.stop();
    },
  };
}
