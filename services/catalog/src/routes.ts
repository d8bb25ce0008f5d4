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
import { withDomainErrors, type FieldSelection } from "@shop/service-host";
import { batchGetProducts } from "./batch-get-products.js";
import type { CatalogDependencies } from "./dependencies.js";
import type { PartialProduct, ProductField } from "./domain/product.js";
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
      const { record, fields } = await getProduct(deps, { id: request.id, readMask: request.readMask?.paths ?? [] });
      return { product: toProduct(record, fields) };
    },
    async batchGetProducts(request) {
      const result = await batchGetProducts(deps, { ids: request.ids, readMask: request.readMask?.paths ?? [] });
      return { products: result.products.map((p) => toProduct(p, result.fields)), missingIds: [...result.missingIds] };
    },
    async listProducts(request) {
      const page = await listProducts(deps, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        category: request.category,
        query: request.query,
        readMask: request.readMask?.paths ?? [],
      });
      return { products: page.products.map((p) => toProduct(p, page.fields)), nextPageToken: page.nextPageToken };
    },
    async listRecommendations(request) {
      const { products, fields } = await listRecommendations(deps, {
        userId: request.userId,
        pageSize: request.pageSize,
        readMask: request.readMask?.paths ?? [],
      });
      return { products: products.map((p) => toProduct(p, fields)) };
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

/**
 * The proto form of a product: the id and the fields the read mask selected; every other field
 * keeps its proto default (nothing on the wire), even when the repository read more.
 */
function toProduct(p: PartialProduct, fields: FieldSelection<ProductField>): Product {
  return create(ProductSchema, {
    id: p.id,
    name: fields.pick("name", p.name),
    description: fields.pick("description", p.description),
    price: fields.pick("price", { currencyCode: p.currencyCode, amountMinor: p.priceMinor }),
    category: fields.pick("category", p.category),
    imageUrls: fields.pick("image_urls", p.imageUrls && [...p.imageUrls]),
    thumbnailUrl: fields.pick("thumbnail_url", p.thumbnailUrl),
    averageRating: fields.pick("average_rating", p.averageRating),
    reviewCount: fields.pick("review_count", p.reviewCount),
    stockAvailable: fields.pick("stock_available", p.stock),
    createTime: fields.pick("create_time", p.createdAt && timestampFromDate(p.createdAt)),
    updateTime: fields.pick("update_time", p.updatedAt && timestampFromDate(p.updatedAt)),
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
