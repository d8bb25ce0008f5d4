import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  ReservationSchema,
  ReservationStatus,
  type CatalogService,
  type Product,
  type Reservation,
} from "@shop/contracts/catalog/v1";
import type { FakeData } from "./fake-data.js";
import { batchAnswer, checkBatchIds, fakeFailedPrecondition, fakeInvalidArgument, pageOffset, pageSize, pageToken } from "./fake-errors.js";

/** An in-memory CatalogService over `data.products`; reservations live in the fake only. */
export function fakeCatalogService(data: FakeData): ServiceImpl<typeof CatalogService> {
  const reservations = new Map<string, Reservation>();
  const byId = (id: string) => data.products.find((p) => p.id === id);
  const byName = (a: Product, b: Product) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  return {
    getProduct({ id }) {
      const product = byId(id);
      if (!product) throw new ConnectError(`product ${id} not found`, Code.NotFound);
      return { product };
    },
    batchGetProducts({ ids }) {
      checkBatchIds(ids);
      const { found, missing } = batchAnswer(data.products, ids);
      return { products: found, missingIds: missing };
    },
    listProducts(request) {
      const size = pageSize(request.pageSize, 20, 100);
      const offset = pageOffset(request.pageToken);
      const query = request.query.toLowerCase();
      const matching = data.products
        .filter((p) => request.category === "" || p.category === request.category)
        .filter((p) => query === "" || p.name.toLowerCase().includes(query) || p.description.toLowerCase().includes(query))
        .sort(byName);
      return { products: matching.slice(offset, offset + size), nextPageToken: pageToken(offset + size, matching.length) };
    },
    listRecommendations({ userId, pageSize: requested }) {
      if (userId === "") throw fakeInvalidArgument([{ field: "user_id", description: "required" }]);
      const size = pageSize(requested, 10, 50);
      const score = (p: Product) => hash(`${userId}:${p.id}`);
      const products = data.products.filter((p) => p.stockAvailable > 0).sort((a, b) => score(a) - score(b)).slice(0, size);
      return { products };
    },
    reserveStock({ reservationId, lines }) {
      const existing = reservations.get(reservationId);
      if (existing) return { reservation: existing };
      const short = lines.filter((l) => (byId(l.productId)?.stockAvailable ?? 0) < l.quantity);
      if (short.length > 0) {
        throw fakeFailedPrecondition(
          short.map((l) => ({ type: "STOCK", subject: l.productId, description: "not enough stock" })),
          "not enough stock",
        );
      }
      for (const line of lines) byId(line.productId)!.stockAvailable -= line.quantity;
      const reservation = create(ReservationSchema, {
        id: reservationId, lines, status: ReservationStatus.RESERVED, createTime: timestampNow(), updateTime: timestampNow(),
      });
      reservations.set(reservationId, reservation);
      return { reservation };
    },
    releaseStock({ reservationId }) {
      const reservation = reservations.get(reservationId);
      if (!reservation) throw new ConnectError(`reservation ${reservationId} not found`, Code.NotFound);
      if (reservation.status === ReservationStatus.RESERVED) {
        for (const line of reservation.lines) {
          const product = byId(line.productId);
          if (product) product.stockAvailable += line.quantity;
        }
        reservation.status = ReservationStatus.RELEASED;
      }
      return { reservation };
    },
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
