import { describe, expect, it } from "vitest";
import { errorLabelsOf, MAX_TABLE_LABELS, OVERFLOW_TABLE, StatementLabels } from "./query-telemetry.js";

describe("StatementLabels", () => {
  it("when more distinct tables appear than the bound, then the later ones are labelled other and the known ones keep their names", () => {
    const labels = new StatementLabels();
    for (let i = 0; i < MAX_TABLE_LABELS - 1; i++) expect(labels.of(`SELECT 1 FROM t${i}`).table).toBe(`t${i}`);
    // "unknown" counts as one label too (the 64th here).
    expect(labels.of("COMMIT")).toEqual({ operation: "COMMIT", table: "unknown" });
    expect(labels.of("INSERT INTO late_table (a) VALUES ($1)")).toEqual({ operation: "INSERT", table: OVERFLOW_TABLE });
    expect(labels.of("DELETE FROM t0 WHERE id = $1")).toEqual({ operation: "DELETE", table: "t0" });
    expect(labels.of("SELECT 1 FROM unknown_until_now")).toEqual({ operation: "SELECT", table: OVERFLOW_TABLE });
  });
});

describe("errorLabelsOf", () => {
  it("when Prisma's adapter reports a mapped PostgreSQL error, then its kind and SQLSTATE are named and its message is not", () => {
    const error = Object.assign(new Error("Key (email)=(alice@example.com) already exists"), {
      name: "DriverAdapterError",
      cause: { kind: "UniqueConstraintViolation", originalCode: "23505", originalMessage: "Key (email)=(alice@example.com) already exists" },
    });
    expect(errorLabelsOf(error)).toEqual({ type: "UniqueConstraintViolation", code: "23505" });
  });

  it("when the adapter reports an unmapped PostgreSQL error, then its code is read from the cause", () => {
    expect(errorLabelsOf({ name: "DriverAdapterError", cause: { kind: "postgres", code: "40P01", message: "deadlock detected" } })).toEqual({ type: "postgres", code: "40P01" });
  });

  it.each([
    ["a plain Error", new Error("boom"), { type: "Error", code: undefined }],
    ["a socket error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), { type: "Error", code: undefined }],
    ["a kind that is not an identifier", { name: "TypeError", cause: { kind: "bad kind: 'x'" } }, { type: "TypeError", code: undefined }],
    ["a code that is not a SQLSTATE", { cause: { kind: "postgres", code: "drop table x" } }, { type: "postgres", code: undefined }],
    ["null", null, { type: "Error", code: undefined }],
    ["a string", "failed", { type: "Error", code: undefined }],
  ])("when the error is %s, then only identifier-like labels come out", (_what, error, expected) => {
    expect(errorLabelsOf(error)).toEqual(expected);
  });
});
