import { create, fromBinary, toBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { ProductSchema, ReservationStatus, ReservationSchema } from "@shop/contracts/catalog/v1";
import { OrderSchema, OrderStatus } from "@shop/contracts/orders/v1";
import { UpdateUserRequestSchema, UserSchema } from "@shop/contracts/users/v1";

describe("contract serialization", () => {
  it("when a product with every field kind is encoded and decoded, then it comes back equal", () => {
    const product = create(ProductSchema, {
      id: "0190f5b4-7c2a-7000-8000-000000000001",
      name: "Kettle ☕ ünïcode",
      description: "x".repeat(5000),
      price: { currencyCode: "USD", amountMinor: 9_007_199_254_740_993n },
      category: "kitchen",
      imageUrls: ["https://img.example/a.jpg", "https://img.example/b.jpg"],
      thumbnailUrl: "https://img.example/a-thumb.jpg",
      averageRating: 4.35,
      reviewCount: 2_147_483_647,
      stockAvailable: 0,
      createTime: timestampFromDate(new Date("2026-01-02T03:04:05.678Z")),
    });
    const decoded = fromBinary(ProductSchema, toBinary(ProductSchema, product));
    expect(decoded).toEqual(product);
    expect(decoded.price?.amountMinor).toBe(9_007_199_254_740_993n);
    expect(fromJson(ProductSchema, toJson(ProductSchema, product))).toEqual(product);
  });

  it("when enums, repeated messages and optional fields round-trip, then presence is kept", () => {
    const order = create(OrderSchema, {
      id: "o1",
      status: OrderStatus.CANCELLED,
      lines: [
        { productId: "p1", quantity: 3, unitPrice: { currencyCode: "EUR", amountMinor: 250n } },
        { productId: "p2", quantity: 1 },
      ],
    });
    expect(fromBinary(OrderSchema, toBinary(OrderSchema, order))).toEqual(order);

    const reservation = create(ReservationSchema, { id: "r", status: ReservationStatus.RELEASED });
    expect(fromBinary(ReservationSchema, toBinary(ReservationSchema, reservation)).status).toBe(ReservationStatus.RELEASED);

    const unset = fromBinary(UpdateUserRequestSchema, toBinary(UpdateUserRequestSchema, create(UpdateUserRequestSchema, { id: "u" })));
    expect(unset.displayName).toBeUndefined();
    const cleared = fromBinary(UpdateUserRequestSchema, toBinary(UpdateUserRequestSchema, create(UpdateUserRequestSchema, { id: "u", avatarUrl: "" })));
    expect(cleared.avatarUrl).toBe("");
  });

  it("when a user is decoded from bytes with unknown fields, then the known fields survive", () => {
    const bytes = toBinary(UserSchema, create(UserSchema, { id: "u1", email: "a@b.c" }));
    const withUnknown = new Uint8Array([...bytes, 0xf8, 0x06, 0x01]); // field 111, varint 1
    const user = fromBinary(UserSchema, withUnknown);
    expect(user.email).toBe("a@b.c");
  });
});
