import { describe, expect, it } from "vitest";
import { normalizeDisplayName } from "./display-name.js";

describe("normalizeDisplayName", () => {
  it("when a name has surrounding whitespace, then it is trimmed", () => {
    expect(normalizeDisplayName("  Grace Hopper \n")).toEqual({ ok: true, displayName: "Grace Hopper" });
  });

  it("when a name is 100 astral characters, then it is accepted (characters, not UTF-16 units)", () => {
    const name = "😀".repeat(100);
    expect(normalizeDisplayName(name)).toEqual({ ok: true, displayName: name });
  });

  it("when a name is 101 characters, then it is rejected", () => {
    expect(normalizeDisplayName("x".repeat(101))).toEqual({ ok: false, reason: "must be at most 100 characters" });
  });

  it.each(["", "   ", "\t\n"])("when the name is blank (%j), then it is rejected", (raw) => {
    expect(normalizeDisplayName(raw).ok).toBe(false);
  });

  it.each(["a\u0000b", "a\u0007b", "line\nbreak", "a\u0085b"])("when the name holds a control character (%j), then it is rejected", (raw) => {
    expect(normalizeDisplayName(raw)).toEqual({ ok: false, reason: "must not contain control characters" });
  });
});
