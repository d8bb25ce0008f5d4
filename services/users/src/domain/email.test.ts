import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./email.js";

describe("normalizeEmail", () => {
  it("when an address has surrounding spaces and capitals, then it is trimmed and lower-cased", () => {
    expect(normalizeEmail("  Ada.Lovelace+Shop@Example.COM ")).toEqual({ ok: true, email: "ada.lovelace+shop@example.com" });
  });

  it("when a punycode domain is given, then it is accepted", () => {
    expect(normalizeEmail("x@xn--bcher-kva.example")).toEqual({ ok: true, email: "x@xn--bcher-kva.example" });
  });

  it.each([
    ["", "is required"],
    ["   ", "is required"],
    ["plainaddress", "is not a valid email address"],
    ["@example.com", "is not a valid email address"],
    ["a@", "is not a valid email address"],
    ["a@localhost", "is not a valid email address"],
    ["a..b@example.com", "is not a valid email address"],
    [".a@example.com", "is not a valid email address"],
    ["a@-example.com", "is not a valid email address"],
    ["a b@example.com", "is not a valid email address"],
    ["a@b@example.com", "is not a valid email address"],
    ["ünï@example.com", "is not a valid email address"],
    ["a@exämple.com", "is not a valid email address"],
    ["a\u0000@example.com", "is not a valid email address"],
    [`${"a".repeat(65)}@example.com`, "local part must be at most 64 characters"],
    [`a@${"b".repeat(250)}.com`, "must be at most 254 characters"],
  ])("when the address is %j, then it is rejected (%s)", (raw, reason) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, reason });
  });

  it("when the address is exactly 254 characters, then it is accepted", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(63)}.com`;
    expect(email.length).toBe(254);
    expect(normalizeEmail(email).ok).toBe(true);
  });
});
