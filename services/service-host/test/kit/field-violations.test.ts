import { describe, expect, it } from "vitest";
import { InvalidInputError, MAX_REPORTED_VIOLATIONS } from "../../src/kit/domain-errors.js";
import { FieldViolations } from "../../src/kit/field-violations.js";

function thrown(run: () => void): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}

describe("FieldViolations", () => {
  it("when nothing was recorded, then throwIfAny does nothing", () => {
    const violations = new FieldViolations();
    expect(() => violations.throwIfAny()).not.toThrow();
    expect(violations.size).toBe(0);
  });

  it("when fields are invalid, then one InvalidInputError lists each, in order, with a message naming them", () => {
    const violations = new FieldViolations();
    violations.add("email", "is required");
    violations.add("lines[2].quantity", "must be between 1 and 100");
    const error = thrown(() => violations.throwIfAny());
    expect(error.violations).toEqual([
      { field: "email", description: "is required" },
      { field: "lines[2].quantity", description: "must be between 1 and 100" },
    ]);
    expect(error.message).toBe("email: is required; lines[2].quantity: must be between 1 and 100");
    expect(thrown(() => violations.throwIfAny("invalid order")).message).toBe("invalid order");
  });

  it("when 10,000 values are invalid, then the first 20 are reported and one summary counts the rest", () => {
    const violations = new FieldViolations();
    for (let i = 0; i < 10_000; i++) violations.add(`statuses[${i}]`, "is not a known order status");
    expect(violations.size).toBe(10_000);
    const error = thrown(() => violations.throwIfAny());
    expect(error.violations).toHaveLength(MAX_REPORTED_VIOLATIONS + 1);
    expect(error.violations.slice(0, 20).map((v) => v.field)).toEqual(Array.from({ length: 20 }, (_, i) => `statuses[${i}]`));
    expect(error.violations[20]).toEqual({ field: "statuses", description: "… and 9980 more" });
    expect(error.message.length).toBeLessThan(1_000);
  });

  it("when exactly 20 are invalid, then there is no summary", () => {
    const violations = new FieldViolations();
    for (let i = 0; i < 20; i++) violations.add(`ids[${i}]`, "bad");
    expect(thrown(() => violations.throwIfAny()).violations).toHaveLength(20);
  });

  it("when the first omitted violation is on a nested path, then the summary names its top-level field", () => {
    const violations = new FieldViolations();
    for (let i = 0; i < 21; i++) violations.add(i < 20 ? "user_id" : "lines[7].product_id", "bad");
    violations.add("idempotency_key", "bad");
    expect(thrown(() => violations.throwIfAny()).violations.at(-1)).toEqual({ field: "lines", description: "… and 2 more" });
  });
});
