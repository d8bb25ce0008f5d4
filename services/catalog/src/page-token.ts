import { isUuidV7 } from "@shop/grpc-runtime/ids";

/** Where a page of ListProducts ends: the (name, id) of its last product, and the filters it used. */
export interface ProductCursor {
  readonly name: string;
  readonly id: string;
  readonly category: string;
  readonly query: string;
}

const MAX_TOKEN_LENGTH = 2048;

/** Encodes a cursor as an opaque base64url token. */
export function encodePageToken(cursor: ProductCursor): string {
  const payload = { v: 1, n: cursor.name, i: cursor.id, c: cursor.category, q: cursor.query };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** Decodes a token made by `encodePageToken`; undefined for anything else. */
export function decodePageToken(token: string): ProductCursor | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof payload !== "object" || payload === null) return undefined;
  const { v, n, i, c, q } = payload as Record<string, unknown>;
  if (v !== 1 || typeof n !== "string" || typeof i !== "string" || typeof c !== "string" || typeof q !== "string") {
    return undefined;
  }
  if (!isUuidV7(i) || n.length > 400) return undefined;
  return { name: n, id: i, category: c, query: q };
}
