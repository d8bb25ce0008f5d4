import type { Product } from "@shop/contracts/catalog/v1";
import { primeLoader } from "@shop/bff-kit";
import { builder } from "../builder.js";
import { localIdOf } from "../ids.js";
import { pageThrough } from "../paging.js";
import { MoneyRef } from "./money.js";

/** A catalog product, loaded in batches through CatalogService.BatchGetProducts. */
export const ProductRef = builder.loadableNodeRef("Product", {
  id: { resolve: (product: Product) => product.id },
  load: (ids: string[], ctx) => ctx.loaders.products.loadMany(ids) as Promise<(Product | Error)[]>,
});

ProductRef.implement({
  description: "A product of the catalog.",
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    category: t.exposeString("category"),
    price: t.field({ type: MoneyRef, nullable: true, description: "Current unit price.", resolve: (p) => p.price ?? null }),
    imageUrl: t.string({
      description: "The main full-size image; null when the product has none.",
      nullable: true,
      resolve: (p) => p.imageUrls[0] ?? null,
    }),
    imageUrls: t.stringList({ description: "Every full-size image, the main one first.", resolve: (p) => p.imageUrls }),
    thumbnailUrl: t.exposeString("thumbnailUrl"),
    rating: t.float({
      description: "Average review rating from 0 to 5, with one decimal; 0 without reviews.",
      resolve: (p) => Math.round(p.averageRating * 10) / 10,
    }),
    reviewCount: t.exposeInt("reviewCount"),
    inStock: t.boolean({ resolve: (p) => p.stockAvailable > 0 }),
  }),
});

const ProductsConnectionRef = builder.connectionObject({ type: ProductRef, name: "QueryProductsConnection" }, { name: "QueryProductsConnectionEdge" });

builder.queryFields((t) => ({
  product: t.field({
    type: ProductRef,
    nullable: true,
    description: "One product by its global id; null when there is none.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args) => localIdOf(String(args.id), "Product"),
  }),
  products: t.field({
    type: ProductsConnectionRef,
    nullable: true,
    description: "The catalog by name, optionally one category and a text query. `first` 1 to 50 (default 20).",
    args: {
      first: t.arg.int(),
      after: t.arg.string(),
      category: t.arg.string({ required: false }),
      query: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      pageThrough(args, 20, async (pageToken, pageSize) => {
        const page = await ctx.clients.catalog.listProducts(
          { pageToken, pageSize, category: args.category ?? "", query: args.query ?? "", ...ctx.readMasks.request("product") },
          ctx.callOptions(),
        );
        primeLoader(ctx.loaders.products, page.products, ctx.readMasks.of("product"));
        return { items: page.products, nextPageToken: page.nextPageToken };
      }),
  }),
}));
