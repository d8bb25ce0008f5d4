import { describe, expect, it } from "vitest";
import { isUuidV7 } from "@shop/grpc-runtime/ids";
import { demoId, demoOrder, demoProduct } from "./demo-data.js";

describe("demo data", () => {
  it("when demo data is derived twice, then it is identical and orders reference demo products", () => {
    expect(demoId("user", 7)).toBe(demoId("user", 7));
    expect(isUuidV7(demoId("product", 4999))).toBe(true);
    const order = demoOrder(123);
    expect(order).toEqual(demoOrder(123));
    expect(order.lines.length).toBeGreaterThanOrEqual(1);
    expect(order.lines.length).toBeLessThanOrEqual(5);
    expect(new Set(order.lines.map((l) => l.productId)).size).toBe(order.lines.length);
    expect(demoProduct(1).id).not.toBe(demoProduct(2).id);
  });
});
