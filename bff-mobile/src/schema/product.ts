import type { Product } from "@shop/contracts/catalog/v1";
import { primeLoader, type BffContext } from "@shop/bff-kit";
import { builder } from "../builder.js";
import { displayMoney, roundRating } from "../format.js";
import { isRecordId } from "@shop/bff-kit";
import { pageSize, pageToken } from "../paging.js";

/**
 * A catalog product, slim: display strings and whole-star ratings, no money objects. Fields typed
 * Product may resolve to a product id: those ids are batched into one BatchGetProducts.
 */
export const ProductRef = builder.loadableObjectRef("Product", {
  // A missing id answers null (at run time; the plugin's type has no room for it).
  load: (ids: string[], ctx: BffContext) => ctx.loaders.products.loadMany(ids) as Promise<(Product | Error)[]>,
});

ProductRef.implement({
  description: "A catalog product, shaped for small screens.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    price: t.string({
      description: 'The unit price, formatted for display, e.g. "$12.99".',
      resolve: (p) => displayMoney(p.price),
    }),
    thumbnailUrl: t.string({
      description: "Small image for lists; null when the product has none.",
      nullable: true,
      resolve: (p) => p.thumbnailUrl || null,
    }),
    rating: t.int({
      description: "Average review rating rounded to whole stars, 0 to 5 (0 without reviews).",
      resolve: (p) => roundRating(p.averageRating),
    }),
    description: t.exposeString("description"),
    imageUrl: t.string({
      description: "The main full-size image; null when the product has none.",
      nullable: true,
      resolve: (p) => p.imageUrls[0] ?? null,
    }),
    reviewCount: t.exposeInt("reviewCount"),
    inStock: t.boolean({ resolve: (p) => p.stockAvailable > 0 }),
  }),
});

/** One page of products. */
interface ProductPage {
  readonly nodes: readonly Product[];
  readonly nextPageToken: string;
}

const ProductConnectionRef = builder.objectRef<ProductPage>("ProductConnection").implement({
  description: "A page of products; pass endCursor as `after` for the next one.",
  fields: (t) => ({
    nodes: t.field({ type: [ProductRef], resolve: (page) => page.nodes }),
    endCursor: t.string({
      nullable: true,
      description: "Cursor of the next page; null on the last page.",
      resolve: (page) => page.nextPageToken || null,
    }),
    hasNextPage: t.boolean({ resolve: (page) => page.nextPageToken !== "" }),
  }),
});

/** Default and largest page of the product list. */
export const PRODUCT_PAGE = { default: 10, max: 50 } as const;

builder.queryFields((t) => ({
  products: t.field({
    type: ProductConnectionRef,
    nullable: true,
    description: "Products by name, optionally of one category or matching a text query.",
    args: {
      first: t.arg.int({ description: `Page size, 1 to ${PRODUCT_PAGE.max}; default ${PRODUCT_PAGE.default}.` }),
      after: t.arg.string(),
      category: t.arg.string(),
      query: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const response = await ctx.clients.catalog.listProducts(
        {
          pageSize: pageSize("first", args.first, PRODUCT_PAGE.default, PRODUCT_PAGE.max),
          pageToken: pageToken(args.after),
          category: args.category ?? "",
          query: args.query ?? "",
          ...ctx.readMasks.request("product"),
        },
        ctx.callOptions(),
      );
      primeLoader(ctx.loaders.products, response.products, ctx.readMasks.of("product"));
      return { nodes: response.products, nextPageToken: response.nextPageToken };
    },
  }),
  product: t.field({
    type: ProductRef,
    nullable: true,
    description: "One product; null when there is none with this id.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const id = String(args.id);
      return isRecordId(id) ? id : null;
    },
  }),
}));
