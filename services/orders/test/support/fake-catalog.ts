import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport, type Client, type ServiceImpl } from "@connectrpc/connect";
import {
  CatalogService,
  ProductSchema,
  ReservationSchema,
  ReservationStatus,
  type Product,
  type Reservation,
} from "@shop/contracts/catalog/v1";
import { PreconditionFailureSchema } from "@shop/contracts/google/rpc/error_details";

type Method = "batchGetProducts" | "reserveStock" | "releaseStock";

/** An in-memory CatalogService with call counters and fault injection, for orders' tests. */
export class FakeCatalog {
  /** Calls per method. */
  readonly calls: Record<Method, number> = { batchGetProducts: 0, reserveStock: 0, releaseStock: 0 };
  /** Reservation ids given to ReleaseStock, in call order. */
  readonly released: string[] = [];
  /** Throws this error from the next call of a method (once). */
  readonly failNext: Partial<Record<Method, Error>> = {};
  readonly stock = new Map<string, number>();
  readonly reservations = new Map<string, Reservation>();
  private readonly products = new Map<string, Product>();

  /** Forgets every product, reservation, counter and pending fault. */
  reset(): void {
    for (const method of Object.keys(this.calls) as Method[]) this.calls[method] = 0;
    for (const method of Object.keys(this.failNext) as Method[]) delete this.failNext[method];
    this.released.length = 0;
    this.stock.clear();
    this.reservations.clear();
    this.products.clear();
  }

  /** Adds a product with a price and stock. */
  addProduct(id: string, amountMinor: bigint, stock = 100, currencyCode = "USD"): void {
    this.products.set(id, create(ProductSchema, { id, name: `product ${id}`, price: { currencyCode, amountMinor } }));
    this.stock.set(id, stock);
  }

  /** The ServiceImpl, for a router transport. */
  impl(): Partial<ServiceImpl<typeof CatalogService>> {
    return {
      batchGetProducts: async (request) => {
        this.enter("batchGetProducts");
        const ids = [...new Set(request.ids)];
        return {
          products: ids.flatMap((id) => this.products.get(id) ?? []),
          missingIds: ids.filter((id) => !this.products.has(id)),
        };
      },
      reserveStock: async (request) => {
        this.enter("reserveStock");
        const existing = this.reservations.get(request.reservationId);
        if (existing) return { reservation: existing };
        const short = request.lines.filter((line) => (this.stock.get(line.productId) ?? 0) < line.quantity);
        if (short.length > 0) {
          throw new ConnectError("insufficient stock", Code.FailedPrecondition, undefined, [
            {
              desc: PreconditionFailureSchema,
              value: { violations: short.map((line) => ({ type: "STOCK", subject: line.productId, description: "not enough stock" })) },
            },
          ]);
        }
        for (const line of request.lines) this.stock.set(line.productId, this.stock.get(line.productId)! - line.quantity);
        const reservation = create(ReservationSchema, {
          id: request.reservationId,
          lines: request.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
          status: ReservationStatus.RESERVED,
          createTime: timestampNow(),
          updateTime: timestampNow(),
        });
        this.reservations.set(request.reservationId, reservation);
        return { reservation };
      },
      releaseStock: async (request) => {
        this.enter("releaseStock");
        this.released.push(request.reservationId);
        const reservation = this.reservations.get(request.reservationId);
        if (!reservation) throw new ConnectError("reservation not found", Code.NotFound);
        if (reservation.status === ReservationStatus.RESERVED) {
          for (const line of reservation.lines) this.stock.set(line.productId, this.stock.get(line.productId)! + line.quantity);
          reservation.status = ReservationStatus.RELEASED;
        }
        return { reservation };
      },
    };
  }

  /** A typed client over an in-memory transport. */
  client(): Client<typeof CatalogService> {
    return createClient(CatalogService, createRouterTransport(({ service }) => service(CatalogService, this.impl())));
  }

  private enter(method: Method): void {
    this.calls[method]++;
    const error = this.failNext[method];
    if (error) {
      delete this.failNext[method];
      throw error;
    }
  }
}
