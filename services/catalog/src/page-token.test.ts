import { newId } from "@shop/grpc-runtime/ids";
import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "./page-token.js";

describe("page tokens", () => {
  it("when a cursor is encoded, then the token is base64url and decodes to the same cursor", () => {
    const cursor = { name: "Ämber 🍯 \"quoted\"", id: newId(), category: "home", query: "lamp" };
    const token = encodePageToken(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token)).toEqual(cursor);
  });

  it.each([
    ["not base64url", "%%%"],
    ["not json", Buffer.from("hello").toString("base64url")],
    ["json of the wrong shape", Buffer.from(JSON.stringify({ v: 1, n: 3 })).toString("base64url")],
    ["a bad id", Buffer.from(JSON.stringify({ v: 1, n: "a", i: "x", c: "", q: "" })).toString("base64url")],
    ["a future version", Buffer.from(JSON.stringify({ v: 2, n: "a", i: newId(), c: "", q: "" })).toString("base64url")],
    ["huge", "A".repeat(10_000)],
    ["json null", Buffer.from("null").toString("base64url")],
  ])("when the token is %s, then it does not decode", (_, token) => {
    expect(decodePageToken(token)).toBeUndefined();
  });
});
