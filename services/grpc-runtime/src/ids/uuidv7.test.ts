import { describe, expect, it } from "vitest";
import { isUuidV7, newId, uuidV7From } from "./uuidv7.js";

describe("uuidv7", () => {
  it("when ids are made at increasing times, then they are valid and sort by time", () => {
    const a = newId(1_000);
    const b = newId(2_000);
    expect(isUuidV7(a)).toBe(true);
    expect(a < b).toBe(true);
    expect(uuidV7From(0, new Uint8Array(10)).slice(0, 8)).toBe("00000000");
  });

  it("when a string is not a canonical UUIDv7, then it is rejected", () => {
    for (const bad of ["", "x", "00000000-0000-4000-8000-000000000000", newId().toUpperCase(), `${newId()} `]) {
      expect(isUuidV7(bad)).toBe(false);
    }
  });
});
