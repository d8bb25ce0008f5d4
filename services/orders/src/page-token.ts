import { isUuidV7 } from "@shop/grpc-runtime/ids";

/** Where a page of a user's orders ends: the last order's create time and id (newest-first order). */
export interface OrderCursor {
  /** Create time of the last order of the page. */
  readonly createTime: Date;
  /** Id of the last order of the page. */
  readonly id: string;
}

interface TokenBody {
  v: 1;
  /** Epoch milliseconds. */
  t: number;
  i: string;
  /** Fingerprint of the filters the token was made under. */
  f: string;
}

/** Encodes a cursor and the filters it was made under as an opaque base64url token. */
export function encodePageToken(cursor: OrderCursor, filters: string): string {
  const body: TokenBody = { v: 1, t: cursor.createTime.getTime(), i: cursor.id, f: filters };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

/**
 * The cursor of a token made by encodePageToken under the same filters, or a reason why it is not
 * one (garbage, tampered or made for other filters).
 */
export function decodePageToken(token: string, filters: string): OrderCursor | { readonly error: string } {
  if (token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) return { error: "not a page token" };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return { error: "not a page token" };
  }
  if (typeof body !== "object" || body === null) return { error: "not a page token" };
  const { v, t, i, f } = body as Partial<TokenBody>;
  if (v !== 1 || typeof t !== "number" || !Number.isSafeInteger(t) || t < 0 || typeof i !== "string" || !isUuidV7(i) || typeof f !== "string") {
    return { error: "not a page token" };
  }
  if (f !== filters) return { error: "the page token was made for other filters" };
  return { createTime: new Date(t), id: i };
}
