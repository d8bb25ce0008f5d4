import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./domain-errors.js";
import { FieldViolations } from "./field-violations.js";
import { EVERY_FIELD, parseReadMask, selectColumns } from "./read-mask.js";

const ORDER_PATHS = ["id", "status", "total", "lines", "lines.product_id", "lines.quantity"] as const;

function reported(paths: readonly string[], field?: string) {
  const violations = new FieldViolations();
  parseReadMask(paths, ORDER_PATHS, violations, field);
  return violations.reported;
}

describe("parseReadMask", () => {
  it("when the mask is empty, then every field is selected and nothing is reported", () => {
    const violations = new FieldViolations();
    const fields = parseReadMask([], ORDER_PATHS, violations);
    expect(fields.all).toBe(true);
    expect(ORDER_PATHS.every((path) => fields.has(path) && fields.touches(path))).toBe(true);
    expect(fields.pick("status", "PAID")).toBe("PAID");
    expect(violations.size).toBe(0);
  });

  it("when known paths are given, then exactly those are selected", () => {
    const fields = parseReadMask(["status", "total", "status"], ORDER_PATHS, new FieldViolations());
    expect(fields.all).toBe(false);
    expect(ORDER_PATHS.filter((path) => fields.has(path))).toEqual(["status", "total"]);
    expect(fields.pick("status", "PAID")).toBe("PAID");
    expect(fields.pick("id", "x")).toBeUndefined();
  });

  it("when a parent path is selected, then every path below it is selected too", () => {
    const fields = parseReadMask(["lines"], ORDER_PATHS, new FieldViolations());
    expect([fields.has("lines"), fields.has("lines.product_id"), fields.has("lines.quantity")]).toEqual([true, true, true]);
    expect(fields.has("total")).toBe(false);
  });

  it("when only a nested path is selected, then its parent is touched but not selected", () => {
    const fields = parseReadMask(["lines.product_id"], ORDER_PATHS, new FieldViolations());
    expect([fields.has("lines.product_id"), fields.has("lines.quantity"), fields.has("lines")]).toEqual([true, false, false]);
    expect([fields.touches("lines"), fields.touches("total")]).toEqual([true, false]);
  });

  it("when some paths are unknown, then each gets a violation naming it and the first lists the known paths", () => {
    expect(reported(["status", "price", "lines.colour", "line"])).toEqual([
      { field: "read_mask.paths[1]", description: `unknown field "price"; known fields: ${ORDER_PATHS.join(", ")}` },
      { field: "read_mask.paths[2]", description: 'unknown field "lines.colour"' },
      { field: "read_mask.paths[3]", description: 'unknown field "line"' },
    ]);
  });

  it("when the mask sits under another field name, then the violations are on that field's paths", () => {
    expect(reported([""], "view.read_mask").map((v) => v.field)).toEqual(["view.read_mask.paths[0]"]);
  });

  it("when an unknown path is huge, then only its start is quoted back", () => {
    const [violation] = reported(["x".repeat(100_000)]);
    expect(violation?.description.startsWith(`unknown field "${"x".repeat(32)}…"; known fields:`)).toBe(true);
  });

  it("when an unknown path does not look like a field path, then it is not quoted back at all", () => {
    expect(reported(["id", "名前".repeat(1_000), 'na"me']).map((v) => v.description.split(";")[0])).toEqual([
      "unknown field (not a field path)",
      "unknown field (not a field path)",
    ]);
  });

  it("when 10,000 paths are unknown, then one error reports the first 20 and sums up the rest on read_mask", () => {
    const violations = new FieldViolations();
    parseReadMask(Array.from({ length: 10_000 }, (_, i) => `bad_${i}`), ORDER_PATHS, violations);
    expect(() => violations.throwIfAny()).toThrow(InvalidInputError);
    expect(violations.reported).toHaveLength(21);
    expect(violations.reported.at(-1)).toEqual({ field: "read_mask", description: "… and 9980 more" });
  });
});

describe("selectColumns", () => {
  const COLUMNS_OF = { status: ["status"], total: ["currencyCode", "totalMinor"], "lines.quantity": ["quantity"] } as const;

  it("when some fields are selected, then their columns and the always-read ones are selected, nothing else", () => {
    const fields = parseReadMask(["total", "id"], ORDER_PATHS, new FieldViolations());
    expect(selectColumns(fields, COLUMNS_OF, ["id"])).toEqual({ id: true, currencyCode: true, totalMinor: true });
  });

  it("when a parent of a field is selected, then that field's columns are selected too", () => {
    const fields = parseReadMask(["lines"], ORDER_PATHS, new FieldViolations());
    expect(selectColumns(fields, COLUMNS_OF)).toEqual({ quantity: true });
  });

  it("when every field is selected, then every column is", () => {
    expect(selectColumns(EVERY_FIELD, COLUMNS_OF, ["id"])).toEqual({ id: true, status: true, currencyCode: true, totalMinor: true, quantity: true });
  });
});
