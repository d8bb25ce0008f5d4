import { newId } from "@shop/grpc-runtime/ids";
import { describe, expect, it } from "vitest";
import { FieldViolations } from "../../src/kit/field-violations.js";
import { pageTokenCodec } from "../../src/kit/page-token.js";

interface Cursor {
  readonly name: string;
  readonly id: string;
}

const format = {
  purpose: "test.ListThings/v1",
  toJson: (cursor: Cursor) => [cursor.name, cursor.id],
  fromJson: (data: unknown): Cursor | undefined =>
    Array.isArray(data) && data.length === 2 && typeof data[0] === "string" && typeof data[1] === "string"
      ? { name: data[0], id: data[1] }
      : undefined,
};
const codec = pageTokenCodec(format);
const filters = { category: "home", query: "lamp" };
const cursor: Cursor = { name: 'Ämber 🍯 "quoted"', id: newId() };

describe("page tokens", () => {
  it("when a cursor is encoded, then the token is base64url and decodes to the same cursor under the same filters", () => {
    const token = codec.encode(cursor, filters);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(token, filters)).toEqual(cursor);
    expect(codec.decode(token, { query: "lamp", category: "home" })).toEqual(cursor);
  });

  it("when a token is used with other filters, then it does not decode", () => {
    const token = codec.encode(cursor, filters);
    expect(codec.decode(token, { category: "toys", query: "lamp" })).toBeUndefined();
    expect(codec.decode(token, { category: "home", query: "" })).toBeUndefined();
    expect(codec.decode(token, { category: "home" })).toBeUndefined();
    const sets = codec.encode(cursor, { statuses: ["PAID", "PLACED"] });
    expect(codec.decode(sets, { statuses: ["PAID"] })).toBeUndefined();
  });

  it("when any character of a token is changed, then it does not decode", () => {
    const token = codec.encode(cursor, filters);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]!;
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      // The last character may only carry padding bits; it must then still decode to the same cursor.
      const decoded = codec.decode(tampered, filters);
      if (decoded !== undefined) expect(Buffer.from(tampered, "base64url")).toEqual(Buffer.from(token, "base64url"));
    }
  });

  it("when a token is forged from a cursor without the tag, made by another codec or cut short, then it does not decode", () => {
    const unsigned = Buffer.from(JSON.stringify([cursor.name, cursor.id])).toString("base64url");
    expect(codec.decode(unsigned, filters)).toBeUndefined();
    const other = pageTokenCodec({ ...format, purpose: "test.ListOtherThings/v1" });
    expect(codec.decode(other.encode(cursor, filters), filters)).toBeUndefined();
    const keyed = pageTokenCodec({ ...format, key: "a secret" });
    expect(codec.decode(keyed.encode(cursor, filters), filters)).toBeUndefined();
    expect(keyed.decode(keyed.encode(cursor, filters), filters)).toEqual(cursor);
    const token = codec.encode(cursor, filters);
    expect(codec.decode(token.slice(0, 20), filters)).toBeUndefined();
    expect(codec.decode(token.slice(0, -4), filters)).toBeUndefined();
  });

  it.each([
    ["empty", ""],
    ["not base64url", "%%%"],
    ["garbage", "garbage!"],
    ["short", "AAAA"],
    ["huge", "A".repeat(10_000)],
    ["json of the wrong shape", Buffer.from('{"v":1}').toString("base64url")],
  ])("when the token is %s, then it does not decode", (_, token) => {
    expect(codec.decode(token, filters)).toBeUndefined();
  });

  it("when a signed payload is not a cursor, then it does not decode", () => {
    const loose = pageTokenCodec({ ...format, toJson: () => ({ not: "a cursor" }) });
    expect(codec.decode(loose.encode(cursor, filters), filters)).toBeUndefined();
  });

  it("when a request's token is read, then \"\" is the first page, a good token its cursor and a bad one a violation on the field", () => {
    const violations = new FieldViolations();
    expect(codec.read(violations, "page_token", "", filters)).toBeUndefined();
    expect(codec.read(violations, "page_token", codec.encode(cursor, filters), filters)).toEqual(cursor);
    expect(violations.size).toBe(0);
    expect(codec.read(violations, "page_token", codec.encode(cursor, filters), { category: "toys", query: "" })).toBeUndefined();
    expect(violations.reported.map((v) => v.field)).toEqual(["page_token"]);
  });
});
