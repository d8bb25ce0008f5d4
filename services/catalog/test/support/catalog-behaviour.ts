import { ReservationStatus, type Product } from "@shop/contracts/catalog/v1";
import { demoId, demoProduct, DEMO_PRODUCT_COUNT } from "@shop/service-host/demo";
import { newId } from "@shop/grpc-runtime/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, failureOf } from "./errors.js";
import { newProduct, uniqueCategory, type CatalogFixture } from "./fixture.js";
import { describeReadMasks } from "./read-mask-behaviour.js";

/**
 * Every behaviour of the CatalogService contract, run against any fixture: in memory through
 * Connect's router transport, and over a real socket on PGlite and on PostgreSQL.
 */
export function describeCatalogBehaviour(label: string, open: () => Promise<CatalogFixture>): void {
  describe(label, () => {
    let f: CatalogFixture;
    beforeAll(async () => {
      f = await open();
    });
    afterAll(async () => {
      await f?.close();
    });

    describe("GetProduct", () => {
      it("when a demo product is asked for, then it matches the demo data exactly", async () => {
        const demo = demoProduct(42);
        const { product } = await f.client.getProduct({ id: demo.id });
        expect(product).toMatchObject({
          id: demo.id,
          name: demo.name,
          description: demo.description,
          category: demo.category,
          imageUrls: demo.imageUrls,
          thumbnailUrl: demo.thumbnailUrl,
          averageRating: demo.averageRating,
          reviewCount: demo.reviewCount,
          stockAvailable: demo.stock,
        });
        expect(product?.price).toMatchObject({ currencyCode: "USD", amountMinor: BigInt(demo.priceMinor) });
      });

      it("when the id is unknown, then NOT_FOUND names it", async () => {
        const id = newId();
        const failure = await failureOf(f.client.getProduct({ id }));
        expect(failure.code).toBe(Code.NotFound);
        expect(failure.notFound).toEqual([id]);
      });

      it.each([
        ["empty", ""],
        ["not a uuid", "nope"],
        ["a UUIDv4", "3b241101-e2bb-4255-8caf-4136c566a962"],
        ["sql", "' OR 1=1 --"],
        ["oversized", "x".repeat(100_000)],
      ])("when the id is %s, then INVALID_ARGUMENT names the id field", async (_, id) => {
        const failure = await failureOf(f.client.getProduct({ id }));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(["id"]);
      });
    });

    describe("BatchGetProducts", () => {
      it("when ids repeat and some are missing, then found products come once in request order and missing ids in request order", async () => {
        const a = demoId("product", 7);
        const b = demoId("product", 3);
        const missing1 = newId();
        const missing2 = newId();
        const result = await f.client.batchGetProducts({ ids: [a, missing1, b, a, missing2, b, missing1] });
        expect(result.products.map((p) => p.id)).toEqual([a, b]);
        expect(result.missingIds).toEqual([missing1, missing2]);
      });

      it("when 500 ids are asked for, then all 500 come back", async () => {
        const ids = Array.from({ length: 500 }, (_, i) => demoId("product", DEMO_PRODUCT_COUNT - 1 - i));
        const result = await f.client.batchGetProducts({ ids });
        expect(result.products.map((p) => p.id)).toEqual(ids);
        expect(result.missingIds).toEqual([]);
        // Orders seeds lines priced from the demo catalog: prices and stock must match it exactly.
        result.products.forEach((p, i) => {
          const demo = demoProduct(DEMO_PRODUCT_COUNT - 1 - i);
          expect([p.name, p.price?.amountMinor, p.stockAvailable]).toEqual([demo.name, BigInt(demo.priceMinor), demo.stock]);
        });
      });

      it("when no ids are given, then INVALID_ARGUMENT names ids", async () => {
        const failure = await failureOf(f.client.batchGetProducts({ ids: [] }));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(["ids"]);
      });

      it("when 501 ids are given, then INVALID_ARGUMENT names ids", async () => {
        const ids = Array.from({ length: 501 }, () => newId());
        const failure = await failureOf(f.client.batchGetProducts({ ids }));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(["ids"]);
      });

      it("when some ids are malformed, then INVALID_ARGUMENT names each of them", async () => {
        const failure = await failureOf(f.client.batchGetProducts({ ids: [newId(), "", "zzz", newId(), "🛒"] }));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(["ids[1]", "ids[2]", "ids[4]"]);
      });
    });

    describe("ListProducts", () => {
      it("when every page of a category is walked, then each product comes once, ordered by name then id", async () => {
        const category = uniqueCategory();
        // Two products share a name: the id breaks the tie.
        const rows = [
          newProduct({ category, name: "Banana" }),
          newProduct({ category, name: "apple" }),
          newProduct({ category, name: "Cherry" }),
          newProduct({ category, name: "Banana" }),
          newProduct({ category, name: "Ämber 🍯" }),
        ];
        await f.insertProducts(rows);
        const seen: Product[] = [];
        let token = "";
        let pages = 0;
        do {
          const page = await f.client.listProducts({ category, pageSize: 2, pageToken: token });
          seen.push(...page.products);
          token = page.nextPageToken;
          pages++;
        } while (token !== "" && pages < 10);
        expect(seen).toHaveLength(rows.length);
        expect(new Set(seen.map((p) => p.id))).toEqual(new Set(rows.map((r) => r.id)));
        const bananas = seen.filter((p) => p.name === "Banana").map((p) => p.id);
        expect(bananas).toEqual([...bananas].sort());
        // The order is the same on a second walk (stable), whatever the collation puts first.
        const again = await f.client.listProducts({ category, pageSize: 100 });
        expect(again.products.map((p) => p.id)).toEqual(seen.map((p) => p.id));
        expect(again.nextPageToken).toBe("");
      });

      it("when products are inserted while the pages are walked, then every earlier product is seen exactly once", async () => {
        const category = uniqueCategory();
        const before = Array.from({ length: 30 }, (_, i) => newProduct({ category, name: `Item ${String(i).padStart(2, "0")}` }));
        await f.insertProducts(before);
        const seen: string[] = [];
        let token = "";
        let pages = 0;
        do {
          const page = await f.client.listProducts({ category, pageSize: 4, pageToken: token });
          seen.push(...page.products.map((p) => p.id));
          token = page.nextPageToken;
          // Insert rows that sort before, between and after the ones already read.
          await f.insertProducts([
            newProduct({ category, name: `Item ${String(pages).padStart(2, "0")}+` }),
            newProduct({ category, name: "Aaa first" }),
            newProduct({ category, name: "Zzz last" }),
          ]);
          pages++;
        } while (token !== "" && pages < 100);
        const counts = new Map<string, number>();
        for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
        for (const row of before) expect(counts.get(row.id)).toBe(1);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
      });

      it("when a text query is given, then it matches name or description case-insensitively and literally", async () => {
        const category = uniqueCategory();
        const marker = `Zq${Date.now()}`;
        const byName = newProduct({ category, name: `The ${marker.toUpperCase()} lamp` });
        const byDescription = newProduct({ category, description: `contains ${marker.toLowerCase()} somewhere` });
        const percent = newProduct({ category, name: "100% cotton" });
        const other = newProduct({ category, name: "Unrelated" });
        await f.insertProducts([byName, byDescription, percent, other]);
        const found = await f.client.listProducts({ category, query: marker });
        expect(new Set(found.products.map((p) => p.id))).toEqual(new Set([byName.id, byDescription.id]));
        const literal = await f.client.listProducts({ category, query: "%" });
        expect(literal.products.map((p) => p.id)).toEqual([percent.id]);
        const underscore = await f.client.listProducts({ category, query: "_" });
        expect(underscore.products).toEqual([]);
      });

      it("when the seeded catalog is filtered by category, then only that category comes back, 20 by default", async () => {
        const page = await f.client.listProducts({ category: "kitchen" });
        expect(page.products).toHaveLength(20);
        expect(page.products.every((p) => p.category === "kitchen")).toBe(true);
        expect(page.nextPageToken).not.toBe("");
      });

      it.each([
        ["page_size", "negative", { pageSize: -1 }],
        ["page_size", "above 100", { pageSize: 101 }],
        ["page_token", "garbage", { pageToken: "garbage!" }],
        ["page_token", "base64url json of the wrong shape", { pageToken: Buffer.from('{"v":1}').toString("base64url") }],
        ["page_token", "5000 characters long", { pageToken: "a".repeat(5000) }],
        ["category", "not a slug", { category: "Not A Slug" }],
        ["category", "65 characters long", { category: "x".repeat(65) }],
        ["query", "201 characters long", { query: "q".repeat(201) }],
        ["query", "holding a NUL byte", { query: "nul\u0000byte" }],
      ])("when %s is %s, then INVALID_ARGUMENT names it", async (field, _, request) => {
        const failure = await failureOf(f.client.listProducts(request));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual([field]);
      });

      it("when a token is reused with other filters, then INVALID_ARGUMENT names page_token", async () => {
        const first = await f.client.listProducts({ category: "books", pageSize: 1 });
        const failure = await failureOf(f.client.listProducts({ category: "toys", pageToken: first.nextPageToken }));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(["page_token"]);
      });

      it("when a token is altered or forged, then INVALID_ARGUMENT names page_token", async () => {
        const first = await f.client.listProducts({ category: "books", pageSize: 1 });
        const token = first.nextPageToken;
        const flipped = token.slice(0, 5) + (token[5] === "A" ? "B" : "A") + token.slice(6);
        const forged = Buffer.from(JSON.stringify({ v: 1, n: "", i: demoId("product", 1), c: "books", q: "" })).toString("base64url");
        for (const pageToken of [flipped, token.slice(0, -3), forged]) {
          const failure = await failureOf(f.client.listProducts({ category: "books", pageToken }));
          expect(failure.code).toBe(Code.InvalidArgument);
          expect(failure.fields).toEqual(["page_token"]);
        }
      });

      it("when the query is 200 non-ASCII characters, then it is accepted", async () => {
        const page = await f.client.listProducts({ query: "ü".repeat(200) });
        expect(page.products).toEqual([]);
      });
    });

    describe("ListRecommendations", () => {
      it("when the same user asks twice, then the list is the same, full and in stock only", async () => {
        const userId = demoId("user", 5);
        const first = await f.client.listRecommendations({ userId });
        const second = await f.client.listRecommendations({ userId });
        expect(first.products).toHaveLength(10);
        expect(second.products.map((p) => p.id)).toEqual(first.products.map((p) => p.id));
        const big = await f.client.listRecommendations({ userId, pageSize: 50 });
        expect(big.products).toHaveLength(50);
        expect(big.products.every((p) => p.stockAvailable > 0)).toBe(true);
        expect(new Set(big.products.map((p) => p.id)).size).toBe(50);
      });

      it("when different users ask, then they get different lists", async () => {
        const lists = await Promise.all(
          Array.from({ length: 10 }, (_, i) => f.client.listRecommendations({ userId: demoId("user", i) })),
        );
        const distinct = new Set(lists.map((l) => l.products.map((p) => p.id).join(",")));
        expect(distinct.size).toBe(10);
      });

      it("when the user is unknown but a valid UUIDv7, then a list still comes back", async () => {
        const { products } = await f.client.listRecommendations({ userId: newId(), pageSize: 3 });
        expect(products).toHaveLength(3);
      });

      it.each([
        ["user_id", "empty", { userId: "" }],
        ["user_id", "not a uuid", { userId: "not-a-uuid" }],
        ["page_size", "above 50", { userId: demoId("user", 1), pageSize: 51 }],
        ["page_size", "negative", { userId: demoId("user", 1), pageSize: -5 }],
      ])("when %s is %s, then INVALID_ARGUMENT names it", async (field, _, request) => {
        const failure = await failureOf(f.client.listRecommendations(request));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual([field]);
      });
    });

    describe("ReserveStock and ReleaseStock", () => {
      async function stockOf(...ids: string[]): Promise<number[]> {
        const { products } = await f.client.batchGetProducts({ ids });
        return ids.map((id) => products.find((p) => p.id === id)?.stockAvailable ?? -1);
      }

      it("when every line can be held, then stock drops by the merged quantities and the reservation is RESERVED", async () => {
        const a = newProduct({ stock: 10 });
        const b = newProduct({ stock: 5 });
        await f.insertProducts([a, b]);
        const reservationId = `order:${newId()}`;
        const { reservation } = await f.client.reserveStock({
          reservationId,
          lines: [
            { productId: a.id, quantity: 2 },
            { productId: b.id, quantity: 5 },
            { productId: a.id, quantity: 3 },
          ],
        });
        expect(reservation?.status).toBe(ReservationStatus.RESERVED);
        expect(reservation?.lines.map((l) => [l.productId, l.quantity])).toEqual([
          [a.id, 5],
          [b.id, 5],
        ]);
        expect(await stockOf(a.id, b.id)).toEqual([5, 0]);
      });

      it("when one line is short, then nothing is held and FAILED_PRECONDITION names only the short product", async () => {
        const plenty = newProduct({ stock: 10 });
        const short = newProduct({ stock: 1 });
        await f.insertProducts([plenty, short]);
        const reservationId = newId();
        const failure = await failureOf(
          f.client.reserveStock({
            reservationId,
            lines: [
              { productId: plenty.id, quantity: 4 },
              { productId: short.id, quantity: 2 },
            ],
          }),
        );
        expect(failure.code).toBe(Code.FailedPrecondition);
        expect(failure.preconditions).toEqual([{ type: "STOCK", subject: short.id }]);
        expect(await stockOf(plenty.id, short.id)).toEqual([10, 1]);
        // Nothing was stored under that id.
        expect((await failureOf(f.client.releaseStock({ reservationId }))).code).toBe(Code.NotFound);
      });

      it("when the same reservation is repeated, then it returns the first result and changes nothing", async () => {
        const p = newProduct({ stock: 10 });
        await f.insertProducts([p]);
        const request = { reservationId: newId(), lines: [{ productId: p.id, quantity: 3 }] };
        const first = await f.client.reserveStock(request);
        const second = await f.client.reserveStock(request);
        const concurrent = await Promise.all(Array.from({ length: 5 }, () => f.client.reserveStock(request)));
        expect(second.reservation).toEqual(first.reservation);
        for (const c of concurrent) expect(c.reservation).toEqual(first.reservation);
        expect(await stockOf(p.id)).toEqual([7]);
      });

      it("when a reservation id is reused with different lines, then INVALID_ARGUMENT and nothing changes", async () => {
        const p = newProduct({ stock: 10 });
        await f.insertProducts([p]);
        const reservationId = newId();
        await f.client.reserveStock({ reservationId, lines: [{ productId: p.id, quantity: 3 }] });
        const failure = await failureOf(f.client.reserveStock({ reservationId, lines: [{ productId: p.id, quantity: 4 }] }));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(["reservation_id"]);
        expect(await stockOf(p.id)).toEqual([7]);
      });

      it("when a product is unknown, then NOT_FOUND names it and nothing is held", async () => {
        const p = newProduct({ stock: 10 });
        await f.insertProducts([p]);
        const ghost = newId();
        const reservationId = newId();
        const failure = await failureOf(
          f.client.reserveStock({ reservationId, lines: [{ productId: p.id, quantity: 1 }, { productId: ghost, quantity: 1 }] }),
        );
        expect(failure.code).toBe(Code.NotFound);
        expect(failure.notFound).toEqual([ghost]);
        expect(await stockOf(p.id)).toEqual([10]);
      });

      it.each([
        [["reservation_id"], { reservationId: "", lines: [{ productId: demoId("product", 1), quantity: 1 }] }],
        [["reservation_id"], { reservationId: "has space", lines: [{ productId: demoId("product", 1), quantity: 1 }] }],
        [["reservation_id"], { reservationId: "r".repeat(129), lines: [{ productId: demoId("product", 1), quantity: 1 }] }],
        [["lines"], { reservationId: "ok", lines: [] }],
        [["lines"], { reservationId: "ok", lines: Array.from({ length: 101 }, () => ({ productId: newId(), quantity: 1 })) }],
        [["lines[0].quantity"], { reservationId: "ok", lines: [{ productId: demoId("product", 1), quantity: 0 }] }],
        [["lines[0].quantity"], { reservationId: "ok", lines: [{ productId: demoId("product", 1), quantity: -3 }] }],
        [["lines[0].quantity"], { reservationId: "ok", lines: [{ productId: demoId("product", 1), quantity: 1001 }] }],
        [
          ["lines[0].quantity"],
          { reservationId: "ok", lines: [{ productId: demoId("product", 1), quantity: 600 }, { productId: demoId("product", 1), quantity: 600 }] },
        ],
        [["lines[1].product_id"], { reservationId: "ok", lines: [{ productId: demoId("product", 1), quantity: 1 }, { productId: "x", quantity: 1 }] }],
      ])("when the request is malformed, then INVALID_ARGUMENT names %o and nothing is held", async (fields, request) => {
        const failure = await failureOf(f.client.reserveStock(request));
        expect(failure.code).toBe(Code.InvalidArgument);
        expect(failure.fields).toEqual(fields);
        expect(await stockOf(demoId("product", 1))).toEqual([demoProduct(1).stock]);
      });

      it("when a reservation is released, then its stock comes back once, however often release is repeated", async () => {
        const p = newProduct({ stock: 10 });
        await f.insertProducts([p]);
        const reservationId = newId();
        await f.client.reserveStock({ reservationId, lines: [{ productId: p.id, quantity: 4 }] });
        expect(await stockOf(p.id)).toEqual([6]);
        const first = await f.client.releaseStock({ reservationId });
        expect(first.reservation?.status).toBe(ReservationStatus.RELEASED);
        const repeats = await Promise.all(Array.from({ length: 5 }, () => f.client.releaseStock({ reservationId })));
        for (const r of repeats) expect(r.reservation?.status).toBe(ReservationStatus.RELEASED);
        expect(await stockOf(p.id)).toEqual([10]);
        // Reserving again under the released id returns the released reservation, holding nothing.
        const again = await f.client.reserveStock({ reservationId, lines: [{ productId: p.id, quantity: 4 }] });
        expect(again.reservation?.status).toBe(ReservationStatus.RELEASED);
        expect(await stockOf(p.id)).toEqual([10]);
      });

      it("when an unknown or malformed reservation is released, then NOT_FOUND or INVALID_ARGUMENT", async () => {
        expect((await failureOf(f.client.releaseStock({ reservationId: "never-made" }))).code).toBe(Code.NotFound);
        const bad = await failureOf(f.client.releaseStock({ reservationId: "" }));
        expect(bad.code).toBe(Code.InvalidArgument);
        expect(bad.fields).toEqual(["reservation_id"]);
      });

      it("when 100 reservations race for the last unit, then exactly one wins and 99 are told which product is short", async () => {
        const last = newProduct({ stock: 1 });
        await f.insertProducts([last]);
        const results = await Promise.allSettled(
          Array.from({ length: 100 }, () =>
            f.client.reserveStock({ reservationId: newId(), lines: [{ productId: last.id, quantity: 1 }] }),
          ),
        );
        const won = results.filter((r) => r.status === "fulfilled");
        expect(won).toHaveLength(1);
        const lost = await Promise.all(
          results.flatMap((r) => (r.status === "rejected" ? [failureOf(Promise.reject(r.reason))] : [])),
        );
        expect(lost).toHaveLength(99);
        for (const failure of lost) {
          expect(failure.code).toBe(Code.FailedPrecondition);
          expect(failure.preconditions).toEqual([{ type: "STOCK", subject: last.id }]);
        }
        expect(await stockOf(last.id)).toEqual([0]);
      });
    });

    describeReadMasks(() => f);
  });
}
