import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { failedPrecondition, invalidArgument, notFound } from "@shop/grpc-runtime";
import {
  CatalogService,
  ProductSchema,
  ReservationSchema,
  ReservationStatus,
  type Product,
  type Reservation,
} from "@shop/contracts/catalog/v1";
import { batchGetProducts } from "./batch-get-products.js";
import type { CatalogRepositories } from "./data/repositories.js";
import type { ProductRecord } from "./domain/product.js";
import type { ReservationRecord } from "./domain/reservation.js";
import { NotFoundError, OutOfStockError, ValidationError } from "./errors.js";
import { getProduct } from "./get-product.js";
import { listProducts } from "./list-products.js";
import { listRecommendations } from "./list-recommendations.js";
import { releaseStock } from "./release-stock.js";
import { reserveStock } from "./reserve-stock.js";

/** What the catalog routes need: its repositories and a clock. */
export interface CatalogRouteDeps extends CatalogRepositories {
  readonly now: () => Date;
}

/**
 * The CatalogService handlers: protobuf in, use case, protobuf out. Domain errors become gRPC
 * status codes with google.rpc details here and nowhere else.
 */
export function catalogRoutes(deps: CatalogRouteDeps): ServiceImpl<typeof CatalogService> {
  return {
    async getProduct(request) {
      const product = await mapErrors(() => getProduct(deps, { id: request.id }));
      return { product: toProduct(product) };
    },
    async batchGetProducts(request) {
      const result = await mapErrors(() => batchGetProducts(deps, { ids: request.ids }));
      return { products: result.products.map(toProduct), missingIds: [...result.missingIds] };
    },
    async listProducts(request) {
      const page = await mapErrors(() =>
        listProducts(deps, {
          pageSize: request.pageSize,
          pageToken: request.pageToken,
          category: request.category,
          query: request.query,
        }),
      );
      return { products: page.products.map(toProduct), nextPageToken: page.nextPageToken };
    },
    async listRecommendations(request) {
      const products = await mapErrors(() =>
        listRecommendations(deps, { userId: request.userId, pageSize: request.pageSize }),
      );
      return { products: products.map(toProduct) };
    },
    async reserveStock(request) {
      const reservation = await mapErrors(() =>
        reserveStock(deps, {
          reservationId: request.reservationId,
          lines: request.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        }),
      );
      return { reservation: toReservation(reservation) };
    },
    async releaseStock(request) {
      const reservation = await mapErrors(() => releaseStock(deps, { reservationId: request.reservationId }));
      return { reservation: toReservation(reservation) };
    },
  };
}

function toProduct(p: ProductRecord): Product {
  return create(ProductSchema, {
    id: p.id,
    name: p.name,
    description: p.description,
    price: { currencyCode: p.currencyCode, amountMinor: p.priceMinor },
    category: p.category,
    imageUrls: [...p.imageUrls],
    thumbnailUrl: p.thumbnailUrl,
    averageRating: p.averageRating,
    reviewCount: p.reviewCount,
    stockAvailable: p.stock,
    createTime: timestampFromDate(p.createdAt),
    updateTime: timestampFromDate(p.updatedAt),
  });
}

function toReservation(r: ReservationRecord): Reservation {
  return create(ReservationSchema, {
    id: r.id,
    lines: r.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    status: r.status === "RESERVED" ? ReservationStatus.RESERVED : ReservationStatus.RELEASED,
    createTime: timestampFromDate(r.createdAt),
    updateTime: timestampFromDate(r.updatedAt),
  });
}

/** Runs a use case and turns its domain errors into coded gRPC errors; anything else stays INTERNAL. */
async function mapErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toConnectError(error);
  }
}

function toConnectError(error: unknown): unknown {
  if (error instanceof ValidationError) return invalidArgument(error.violations, error.message);
  if (error instanceof NotFoundError) return notFound(error.resourceType, error.ids);
  if (error instanceof OutOfStockError) {
    return failedPrecondition(
      error.shortages.map((s) => ({
        type: "STOCK",
        subject: s.productId,
        description: `requested ${s.requested}, available ${s.available}`,
      })),
      error.message,
    );
  }
  return error;
}
