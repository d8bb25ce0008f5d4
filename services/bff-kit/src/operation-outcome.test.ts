import { describe, expect, it } from "vitest";
import { operationOutcome } from "./operation-outcome.js";

describe("operationOutcome", () => {
  it("when the result has data and no errors, then ok", () => {
    expect(operationOutcome(200, { data: { a: 1 } })).toBe("ok");
    expect(operationOutcome(200, { data: { a: 1 }, errors: [] })).toBe("ok");
  });

  it("when the result has data and errors, then partial", () => {
    expect(operationOutcome(200, { data: { a: null, b: 1 }, errors: [{ message: "x" }] })).toBe("partial");
  });

  it("when the result has errors and no data, then error", () => {
    expect(operationOutcome(200, { errors: [{ message: "x" }] })).toBe("error");
    expect(operationOutcome(200, { data: null, errors: [{ message: "x" }] })).toBe("error");
  });

  it("when the HTTP status is 400 or more, then error whatever the result says", () => {
    expect(operationOutcome(400, { errors: [{ message: "x" }] })).toBe("error");
    expect(operationOutcome(503, undefined)).toBe("error");
    expect(operationOutcome(413, { data: { a: 1 } })).toBe("error");
  });

  it("when no result was seen and the status is fine, then ok", () => {
    expect(operationOutcome(200, undefined)).toBe("ok");
  });
});
