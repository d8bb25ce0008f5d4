import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CatalogService,
  ProductSchema,
  ReservationSchema,
  ReservationStatus,
  type Product,
  type Reservation,
} from "@shop/contracts/catalog/v1";
import { service, type ServiceRegistration } from "@shop/grpc-runtime";
import { withDomainErrors } from "@shop/service-host";
import { batchGetProducts } from "./batch-get-products.js";
import type { CatalogDependencies } from "./dependencies.js";
import type { ProductRecord } from "./domain/product.js";
import type { ReservationRecord } from "./domain/reservation.js";
import { getProduct } from "./get-product.js";
import { listProducts } from "./list-products.js";
import { listRecommendations } from "./list-recommendations.js";
import { releaseStock } from "./release-stock.js";
import { reserveStock } from "./reserve-stock.js";

/**
 * The CatalogService handlers: protobuf in, use case, protobuf out; the use cases' errors become
 * status codes through the kit's `withDomainErrors`. Nothing else knows protobuf.
 */
export function catalogRoutes(deps: CatalogDependencies): ServiceImpl<typeof CatalogService> {
  return withDomainErrors(CatalogService, {
    async getProduct(request) {
      const product = await getProduct(deps, { id: request.id });
      return { product: toProduct(product) };
    },
    async batchGetProducts(request) {
      const result = await batchGetProducts(deps, { ids: request.ids });
      return { products: result.products.map(toProduct), missingIds: [...result.missingIds] };
    },
    async listProducts(request) {
      const page = await listProducts(deps, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        category: request.category,
        query: request.query,
      });
      return { products: page.products.map(toProduct), nextPageToken: page.nextPageToken };
    },
    async listRecommendations(request) {
      const products = await listRecommendations(deps, { userId: request.userId, pageSize: request.pageSize });
      return { products: products.map(toProduct) };
    },
    async reserveStock(request) {
      const reservation = await reserveStock(deps, {
        reservationId: request.reservationId,
        lines: request.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      });
      return { reservation: toReservation(reservation) };
    },
    async releaseStock(request) {
      const reservation = await releaseStock(deps, { reservationId: request.reservationId });
      return { reservation: toReservation(reservation) };
    },
  });
}

/** The CatalogService with its handlers, for the host to serve. */
export function catalogRegistration(deps: CatalogDependencies): ServiceRegistration {
  return service(CatalogService, catalogRoutes(deps));
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
