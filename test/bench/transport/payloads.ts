import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  BatchGetProductsRequestSchema,
  BatchGetProductsResponseSchema,
  type BatchGetProductsRequest,
  type BatchGetProductsResponse,
} from "@shop/contracts/catalog/v1";
import { GetUserRequestSchema, GetUserResponseSchema, type GetUserRequest, type GetUserResponse } from "@shop/contracts/users/v1";
import { demoProduct, demoUser } from "@shop/service-host/demo";

/** The small call: one user by id. */
export const smallRequest: GetUserRequest = create(GetUserRequestSchema, { id: demoUser(1).id });

/** The answer every server gives to GetUser. */
export const smallResponse: GetUserResponse = (() => {
  const u = demoUser(1);
  return create(GetUserResponseSchema, {
    user: {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      avatarUrl: u.avatarUrl,
      avatarThumbnailUrl: u.avatarThumbnailUrl,
      createTime: timestampFromDate(u.createdAt),
    },
  });
})();

/** The batch read: 50 product ids. */
export const batchRequest: BatchGetProductsRequest = create(BatchGetProductsRequestSchema, {
  ids: Array.from({ length: 50 }, (_, i) => demoProduct(i).id),
});

/** 50 demo products, about 12 KB encoded. */
export const batchResponse: BatchGetProductsResponse = create(BatchGetProductsResponseSchema, {
  products: Array.from({ length: 50 }, (_, i) => {
    const p = demoProduct(i);
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      price: { currencyCode: p.currencyCode, amountMinor: BigInt(p.priceMinor) },
      category: p.category,
      imageUrls: p.imageUrls,
      thumbnailUrl: p.thumbnailUrl,
      averageRating: p.averageRating,
      reviewCount: p.reviewCount,
      stockAvailable: p.stock,
      createTime: timestampFromDate(p.createdAt),
      updateTime: timestampFromDate(p.createdAt),
    };
  }),
});
