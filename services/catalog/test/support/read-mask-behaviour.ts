import { create } from "@bufbuild/protobuf";
import { ProductSchema, type Product } from "@shop/contracts/catalog/v1";
import { demoId, demoProduct } from "@shop/service-host/demo";
import { describe, expect, it } from "vitest";
import { Code, failureOf } from "./errors.js";
import { newProduct, uniqueCategory, type CatalogFixture } from "./fixture.js";

/** The product with only its id, name and price: what a ["name", "price"] mask answers. */
function idNameAndPrice(p: Product): Product {
  return create(ProductSchema, { id: p.id, name: p.name, price: p.price });
}

/**
 * The read masks of CatalogService (AIP-157), run by the behaviour suite against every fixture:
 * in memory, where the repository ignores the mask and the handler trims, and on PGlite and
 * PostgreSQL, where the repository reads only the selected columns.
 */
export function describeReadMasks(fixture: () => CatalogFixture): void {
  describe("read masks", () => {
    const ids = [demoId("product", 11), demoId("product", 12)];

    it("when BatchGetProducts asks for name and price, then each product holds its id, name and price only", async () => {
      const { client } = fixture();
      const whole = await client.batchGetProducts({ ids });
      const masked = await client.batchGetProducts({ ids, readMask: { paths: ["name", "price"] } });
      expect(masked.products).toEqual(whole.products.map(idNameAndPrice));
      const [first] = masked.products;
      expect([first?.description, first?.imageUrls, first?.stockAvailable, first?.createTime]).toEqual(["", [], 0, undefined]);
    });

    it("when ListRecommendations asks for name and price, then the same products come with their id, name and price only", async () => {
      const { client } = fixture();
      const userId = demoId("user", 3);
      const whole = await client.listRecommendations({ userId, pageSize: 5 });
      const masked = await client.listRecommendations({ userId, pageSize: 5, readMask: { paths: ["name", "price"] } });
      expect(masked.products).toEqual(whole.products.map(idNameAndPrice));
    });

    it("when GetProduct has an empty read mask, then every field comes back exactly as without one", async () => {
      const { client } = fixture();
      const id = demoProduct(42).id;
      const { product } = await client.getProduct({ id, readMask: { paths: [] } });
      expect(product).toEqual((await client.getProduct({ id })).product);
      expect(product?.description).not.toBe("");
    });

    it("when every page of a category is walked with a mask without the name, then the pages and their order are the same", async () => {
      const { client, insertProducts } = fixture();
      const category = uniqueCategory();
      await insertProducts(["Fig", "apple", "Date", "Banana", "Cherry"].map((name) => newProduct({ category, name })));
      const whole = await client.listProducts({ category, pageSize: 100 });
      const walked: Product[] = [];
      let pageToken = "";
      do {
        const page = await client.listProducts({ category, pageSize: 2, pageToken, readMask: { paths: ["price"] } });
        walked.push(...page.products);
        pageToken = page.nextPageToken;
      } while (pageToken !== "" && walked.length < 10);
      expect(walked).toEqual(whole.products.map((p) => create(ProductSchema, { id: p.id, price: p.price })));
    });

    it("when read masks name unknown paths, then INVALID_ARGUMENT names each of them beside the request's other bad fields", async () => {
      const { client } = fixture();
      const paths = ["name", "colour", "price.amount_minor", "stock"];
      const single = await failureOf(client.getProduct({ id: "nope", readMask: { paths } }));
      expect([single.code, single.fields]).toEqual([Code.InvalidArgument, ["id", "read_mask.paths[1]", "read_mask.paths[2]", "read_mask.paths[3]"]]);
      const batch = await failureOf(client.batchGetProducts({ ids, readMask: { paths: ["image_url"] } }));
      expect(batch.fields).toEqual(["read_mask.paths[0]"]);
      const list = await failureOf(client.listProducts({ pageSize: 101, readMask: { paths: ["Name"] } }));
      expect(list.fields).toEqual(["page_size", "read_mask.paths[0]"]);
      const recommended = await failureOf(client.listRecommendations({ userId: demoId("user", 1), readMask: { paths: ["", "id"] } }));
      expect(recommended.fields).toEqual(["read_mask.paths[0]"]);
    });
  });
}
