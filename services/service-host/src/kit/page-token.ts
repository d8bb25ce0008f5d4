import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { FieldViolations } from "./field-violations.js";

/**
 * The filters a page was listed under, e.g. `{ category: "books", query: "" }`. A token is bound
 * to them: presented with other filters it is refused. Arrays are compared in order, so pass sets
 * (e.g. statuses) sorted.
 */
export type PageFilters = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** How one list method's page tokens carry its cursor. */
export interface PageTokenFormat<Cursor> {
  /**
   * Names the list method and token version, e.g. `catalog.ListProducts/v1`. It is part of the
   * signed text, so a token of one purpose never decodes under another; change it when the
   * cursor's layout changes.
   */
  readonly purpose: string;
  /** The cursor as JSON data; keep it short, it travels in every `next_page_token`. */
  toJson(cursor: Cursor): unknown;
  /** The cursor back from that data, or undefined when the data does not hold a valid cursor. */
  fromJson(data: unknown): Cursor | undefined;
  /**
   * The HMAC key. The default is derived from `purpose`: a fixed key, so tokens survive restarts
   * and work on every replica, but it is public, which makes the tag a keyed checksum (it catches
   * tampering, truncation and reuse under other filters, not a forger who has read this code). A
   * forged cursor only moves where a page starts within the filters of the request; pass a secret
   * here where that matters.
   */
  readonly key?: string | Uint8Array;
  /** Longer tokens are refused before any decoding. @default 2048 */
  readonly maxTokenLength?: number;
}

/** Encodes cursors into opaque page tokens and reads them back, for one list method. */
export interface PageTokenCodec<Cursor> {
  /** The token of `cursor`, made under `filters`: base64url of a 128-bit HMAC-SHA256 tag and the cursor's JSON. */
  encode(cursor: Cursor, filters: PageFilters): string;
  /** The cursor of a token this codec made under the same filters; undefined for anything else. */
  decode(token: string, filters: PageFilters): Cursor | undefined;
  /**
   * The cursor of a request's page token: undefined for `""` (the first page); for a token this
   * codec did not make under these filters, a violation on `field` and undefined.
   */
  read(violations: FieldViolations, field: string, token: string, filters: PageFilters): Cursor | undefined;
}

const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A {@link PageTokenCodec} for the cursors described by `format`. */
export function pageTokenCodec<Cursor>(format: PageTokenFormat<Cursor>): PageTokenCodec<Cursor> {
  const key = format.key ?? createHash("sha256").update(`shop page token\n${format.purpose}`).digest();
  const maxTokenLength = format.maxTokenLength ?? 2048;

  const tagOf = (filters: PageFilters, payload: Buffer): Buffer => {
    const bound = JSON.stringify([format.purpose, Object.keys(filters).sort().map((name) => [name, filters[name]])]);
    return createHmac("sha256", key).update(bound).update("\n").update(payload).digest().subarray(0, TAG_BYTES);
  };

  const decode = (token: string, filters: PageFilters): Cursor | undefined => {
    if (token.length > maxTokenLength || !BASE64URL.test(token)) return undefined;
    const bytes = Buffer.from(token, "base64url");
    if (bytes.length <= TAG_BYTES) return undefined;
    const payload = bytes.subarray(TAG_BYTES);
    if (!timingSafeEqual(bytes.subarray(0, TAG_BYTES), tagOf(filters, payload))) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(payload.toString("utf8"));
    } catch {
      return undefined;
    }
    return format.fromJson(data);
  };

  return {
    encode(cursor, filters) {
      const payload = Buffer.from(JSON.stringify(format.toJson(cursor)), "utf8");
      return Buffer.concat([tagOf(filters, payload), payload]).toString("base64url");
    },
    decode,
    read(violations, field, token, filters) {
      if (token === "") return undefined;
      const cursor = decode(token, filters);
      if (cursor === undefined) violations.add(field, "is not a page token of this list under these filters (malformed, altered or made for other filters)");
      return cursor;
    },
  };
}
