import type { BffReadMaskMapping } from "@shop/bff-kit";
import { ORDER_LINE_READ_MASK } from "@shop/bff-shop";

/**
 * What each field of bff-web's entity types reads from its service, as AIP-157 read-mask paths:
 * `useReadMasks` unions them over an operation into the mask of every RPC that reads the entity.
 * Every field of a mapped type must be declared (`test/read-masks.test.ts` checks the schema), so
 * a new field cannot silently read from a mask that lacks its data. Computed fields list what they
 * compute from (`inStock` → `stock_available`, `itemCount` → `lines.quantity`); fields that read
 * nothing of their own record declare `[]` (`id` is always read; `User.orders` is its own RPC).
 */
export const WEB_READ_MASK_MAPPING: BffReadMaskMapping = {
  Product: {
    entity: "product",
    fields: {
      id: [],
      name: ["name"],
      description: ["description"],
      category: ["category"],
      price: ["price"],
      imageUrl: ["image_urls"],
      imageUrls: ["image_urls"],
      thumbnailUrl: ["thumbnail_url"],
      rating: ["average_rating"],
      reviewCount: ["review_count"],
      inStock: ["stock_available"],
    },
  },
  Order: {
    entity: "order",
    fields: {
      id: [],
      createdAt: ["create_time"],
      status: ["status"],
      total: ["total"],
      itemCount: ["lines.quantity"],
      // The lines themselves: at least one field of each, so an order's line count is right
      // even when a client selects nothing of them but __typename.
      lines: ["lines.quantity"],
    },
  },
  OrderLine: ORDER_LINE_READ_MASK,
  User: {
    entity: "user",
    fields: {
      id: [],
      displayName: ["display_name"],
      email: ["email"],
      avatarUrl: ["avatar_url"],
      orders: [],
    },
  },
};
