import { describe, expect, it } from "vitest";
import { lockOrder, mergeStockLines, sameStockLines } from "./stock-lines.js";

describe("stock lines", () => {
  it("when lines repeat a product, then they merge into one line per product in first-seen order", () => {
    const merged = mergeStockLines([
      { productId: "b", quantity: 1 },
      { productId: "a", quantity: 2 },
      { productId: "b", quantity: 3 },
    ]);
    expect(merged).toEqual([
      { productId: "b", quantity: 4 },
      { productId: "a", quantity: 2 },
    ]);
  });

  it("when two line sets hold the same quantities in another order, then they are the same", () => {
    const x = [{ productId: "a", quantity: 1 }, { productId: "b", quantity: 2 }];
    expect(sameStockLines(x, [...x].reverse())).toBe(true);
    expect(sameStockLines(x, [{ productId: "a", quantity: 1 }, { productId: "b", quantity: 3 }])).toBe(false);
    expect(sameStockLines(x, [{ productId: "a", quantity: 1 }])).toBe(false);
    expect(sameStockLines(x, [{ productId: "a", quantity: 1 }, { productId: "c", quantity: 2 }])).toBe(false);
  });

  it("when lines are put in lock order, then they are sorted by product id and the input is untouched", () => {
    const lines = [{ productId: "c", quantity: 1 }, { productId: "a", quantity: 1 }, { productId: "b", quantity: 1 }];
    expect(lockOrder(lines).map((l) => l.productId)).toEqual(["a", "b", "c"]);
    expect(lines.map((l) => l.productId)).toEqual(["c", "a", "b"]);
  });
});
