import { describe, expect, it } from "vitest";
import { maskCovers, unionMask } from "./mask-paths.js";

describe("merging read masks", () => {
  it("when two masks overlap, then the union is sorted with each path once", () => {
    expect(unionMask(["name", "id", "price"], ["price", "average_rating", "name"])).toEqual(["average_rating", "id", "name", "price"]);
  });

  it("when both masks are empty, then the union is empty", () => {
    expect(unionMask([], [])).toEqual([]);
  });

  it("when either mask is all, then the union is all", () => {
    expect(unionMask("all", ["name"])).toBe("all");
    expect(unionMask([], "all")).toBe("all");
  });

  it("when a path and a path nested under it are merged, then both are kept", () => {
    expect(unionMask(["lines"], ["lines.quantity"])).toEqual(["lines", "lines.quantity"]);
  });
});

describe("whether a read mask covers another", () => {
  it("when every needed path is held, or a path above it is, then it is covered", () => {
    expect(maskCovers(["id", "lines", "status"], ["status", "lines.quantity", "lines.unit_price.currency_code"])).toBe(true);
  });

  it("when only a path nested under the needed one is held, then it is not covered", () => {
    expect(maskCovers(["lines.quantity"], ["lines"])).toBe(false);
  });

  it("when a held path merely starts with the same letters as the needed one, then it is not covered", () => {
    expect(maskCovers(["line"], ["lines.quantity"])).toBe(false);
    expect(maskCovers(["price"], ["price_history"])).toBe(false);
  });

  it("when nothing is needed, then any mask covers it, even an empty one", () => {
    expect(maskCovers([], [])).toBe(true);
    expect(maskCovers([], ["id"])).toBe(false);
  });

  it("when all is held, then everything is covered; when all is needed, then only all covers it", () => {
    expect(maskCovers("all", ["lines.quantity"])).toBe(true);
    expect(maskCovers("all", "all")).toBe(true);
    expect(maskCovers(["id", "name", "price"], "all")).toBe(false);
  });
});
