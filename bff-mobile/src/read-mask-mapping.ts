import type { BffReadMaskMapping } from "@shop/bff-kit";
import { ORDER_LINE_READ_MASK } from "@shop/bff-shop";

/**
 * What each field of bff-mobile's entity types reads from its service, as AIP-157 read-mask paths:
 * `useReadMasks` unions them over an operation into the mask of every RPC that reads the entity.
 * Every field of a mapped type must be declared (`test/read-masks.test.ts` checks the schema), so
 * a new field cannot silently read from a mask that lacks its data. Formatted and computed fields
 * list what they are made from (`price` → `price`, `inStock` → `stock_available`).
 */
export const MOBILE_READ_MASK_MAPPING: BffReadMaskMapping = {
  Product: {
    entity: "product",
    fields: {
      id: [],
      name: ["name"],
      description: ["description"],
      price: ["price"],
      thumbnailUrl: ["thumbnail_url"],
      imageUrl: ["image_urls"],
      rating: ["average_rating"],
      reviewCount: ["review_count"],
      inStock: ["stock_available"],
    },
  },
  Order: {
    entity: "order",
    fields: {
      id: [],
      date: ["create_time"],
      status: ["status"],
      total: ["total"],
      itemCount: ["lines.quantity"],
      // At least one field of each line, so the line count is right whatever is selected of them.
      lines: ["lines.quantity"],
    },
  },
  OrderLine: ORDER_LINE_READ_MASK,
  User: {
    entity: "user",
    fields: {
      name: ["display_name"],
      avatarThumbnailUrl: ["avatar_thumbnail_url"],
    },
  },
};
