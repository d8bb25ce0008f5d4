import { newId } from "@shop/grpc-runtime/ids";
import { describe, expect, it } from "vitest";
import { FieldViolations } from "../../src/kit/field-violations.js";
import { checkBatchIds, checkId, MAX_BATCH_IDS } from "../../src/kit/ids.js";
import { checkPageSize } from "../../src/kit/page-size.js";

const fields = (violations: FieldViolations) => violations.reported.map((v) => v.field);

describe("checkId", () => {
  it("when an id is a lower-case UUIDv7, then it passes; empty, v4, upper-case or garbage do not", () => {
    const violations = new FieldViolations();
    expect(checkId(violations, "id", newId())).toBe(true);
    for (const bad of ["", "nope", "3b241101-e2bb-4255-8caf-4136c566a962", newId().toUpperCase(), "' OR 1=1 --"]) {
      expect(checkId(violations, "id", bad)).toBe(false);
    }
    expect(violations.reported.map((v) => v.description)).toEqual([
      "is required",
      ...Array(4).fill("must be a lower-case UUIDv7"),
    ]);
  });
});

describe("checkBatchIds", () => {
  it("when a batch holds 1 to 500 ids, then each bad one is named and the distinct ids come back in first-seen order", () => {
    const [a, b] = [newId(), newId()];
    const violations = new FieldViolations();
    expect(checkBatchIds(violations, "ids", [b, "", a, b, "x"])).toEqual([b, "", a, "x"]);
    expect(fields(violations)).toEqual(["ids[1]", "ids[4]"]);
  });

  it("when a batch is empty or longer than MAX_BATCH_IDS, then one violation on the field and the ids are not looked at", () => {
    expect(MAX_BATCH_IDS).toBe(500);
    for (const ids of [[], Array.from({ length: 10_000 }, () => "bad")]) {
      const violations = new FieldViolations();
      checkBatchIds(violations, "ids", ids);
      expect(fields(violations)).toEqual(["ids"]);
    }
    const full = new FieldViolations();
    checkBatchIds(full, "ids", Array.from({ length: 500 }, () => newId()));
    expect(full.size).toBe(0);
  });
});

describe("checkPageSize", () => {
  const rule = { fallback: 20, max: 100 };
  it("when the size is 0, then the fallback; 1..max is kept; anything else is a violation and the fallback", () => {
    const violations = new FieldViolations();
    expect(checkPageSize(violations, "page_size", 0, rule)).toBe(20);
    expect(checkPageSize(violations, "page_size", 1, rule)).toBe(1);
    expect(checkPageSize(violations, "page_size", 100, rule)).toBe(100);
    expect(violations.size).toBe(0);
    expect(checkPageSize(violations, "page_size", 101, rule)).toBe(20);
    expect(checkPageSize(violations, "page_size", -1, rule)).toBe(20);
    expect(checkPageSize(violations, "page_size", 2.5, rule)).toBe(20);
    expect(fields(violations)).toEqual(["page_size", "page_size", "page_size"]);
  });
});
