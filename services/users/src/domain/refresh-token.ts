import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isUuidV7 } from "@shop/grpc-runtime/ids";

/** The longest refresh token the contract allows; anything longer is refused before it is looked at. */
export const MAX_REFRESH_TOKEN_LENGTH = 128;

/** Random bytes in a refresh token's secret (256 bits: guessing one is hopeless). */
const SECRET_BYTES = 32;
// 32 bytes are 43 base64url characters without padding.
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A refresh token taken apart: `<session id>.<secret>`. The session id says which family to
 * look up (and lets a BFF limit refreshes per session without a lookup); only the secret's hash is
 * stored, so a copy of the database cannot be replayed as tokens.
 */
export interface RefreshToken {
  /** UUIDv7 of the session family. */
  readonly sessionId: string;
  /** SHA-256 of the secret, lower-case hex (the form stored). */
  readonly secretHash: string;
}

/** A new secret for `sessionId`: the token to hand out once, and its hash to store. */
export function newRefreshToken(sessionId: string): { readonly token: string; readonly secretHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { token: `${sessionId}.${secret}`, secretHash: hashSecret(secret) };
}

/**
 * Reads a presented token without touching storage: undefined for anything that is not exactly
 * a lower-case UUIDv7, a dot and a 43-character base64url secret (at most 128 characters in all,
 * checked first so a huge input costs nothing).
 */
export function parseRefreshToken(raw: string): RefreshToken | undefined {
  if (raw.length > MAX_REFRESH_TOKEN_LENGTH) return undefined;
  const dot = raw.indexOf(".");
  if (dot < 0) return undefined;
  const sessionId = raw.slice(0, dot);
  const secret = raw.slice(dot + 1);
  if (!isUuidV7(sessionId) || !SECRET_PATTERN.test(secret)) return undefined;
  return { sessionId, secretHash: hashSecret(secret) };
}

/** True when two stored-form hashes are equal, compared in constant time (the stored one is read by id, not by hash). */
export function sameSecretHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
