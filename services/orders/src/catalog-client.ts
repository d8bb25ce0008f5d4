import { CatalogService, ReservationStatus } from "@shop/contracts/catalog/v1";
import { createClient, type Logger, type Telemetry, type TlsIdentity } from "@shop/grpc-runtime";
import type { Catalog } from "./catalog.js";
import { Money } from "./domain/money.js";

/** The typed gRPC client of the catalog service (Connect's `Client`, as `createClient` makes it). */
export type CatalogClient = ReturnType<typeof createClient<typeof CatalogService>>;

/**
 * A catalog client over `targets` (IP host:port each, or one `dns:///name:port`), calling as
 * `orders`: balanced per call over the replicas that serve, with the runtime's retries on
 * UNAVAILABLE (ReserveStock and ReleaseStock are idempotent by reservation id) and its circuit
 * breaker. With `telemetry`, each call is a client span (child of the orders call it serves, so
 * placeOrder's catalog calls join its trace) and counts in the client RED metrics. With `tls`
 * (the orders service's own identity) it calls over mTLS and checks that the server is `catalog`;
 * it carries no end user: orders acts as itself towards the catalog.
 */
export function createCatalogClient(targets: readonly string[], logger: Logger, telemetry?: Telemetry, tls?: TlsIdentity): CatalogClient {
  return createClient(CatalogService, [...targets], {
    caller: "orders",
    logger,
    ...(telemetry === undefined ? {} : { telemetry }),
    ...(tls === undefined ? {} : { tls, serverName: "catalog" }),
  });
}

/** The {@link Catalog} the use cases see, over the catalog's typed client: protobuf stays here. */
export function catalogOver(client: CatalogClient): Catalog {
  return {
    async pricesOf(productIds) {
      // Only the prices: the catalog then reads and sends nothing else of the products.
      const { products, missingIds } = await client.batchGetProducts({ ids: [...productIds], readMask: { paths: ["price"] } });
      const prices = new Map<string, Money>();
      for (const product of products) {
        if (!product.price) throw new Error(`catalog answered product ${product.id} without a price`);
        prices.set(product.id, Money.of(product.price.currencyCode, product.price.amountMinor));
      }
      return { prices, missingIds };
    },
    async reserveStock(reservationId, lines) {
      const { reservation } = await client.reserveStock({
        reservationId,
        lines: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      });
      return reservation?.status === ReservationStatus.RELEASED ? "RELEASED" : "RESERVED";
    },
    async releaseStock(reservationId) {
      await client.releaseStock({ reservationId });
    },
  };
}
