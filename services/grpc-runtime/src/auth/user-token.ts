import { sign, verify, type KeyObject } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The end-user token a BFF attaches to each call it makes for a signed-in user:
 * `<base64url(JSON payload)>.<base64url(signature)>`, payload `{"sub": userId, "iat": s, "exp": s}`,
 * signed with the BFF's own TLS private key and verified by the service against the public key of
 * the client certificate the call came with. A token is therefore only good from the process that
 * signed it: forwarded by anyone else, it fails verification. In plaintext development mode the
 * signature part is empty and nothing is verified (that mode trusts the network).
 */

/** The metadata key the token travels in. */
export const USER_TOKEN_HEADER = "x-user-token";
/** Lifetime of the tokens a signer issues, in seconds. */
export const USER_TOKEN_LIFETIME_SECONDS = 60;
/** Longest lifetime (exp − iat) a verifier accepts, in seconds. */
export const MAX_USER_TOKEN_LIFETIME_SECONDS = 300;
/** Clock difference tolerated between the signing and the verifying process, in seconds. */
export const USER_TOKEN_CLOCK_SKEW_SECONDS = 5;
/** Longest token accepted, in characters: anything longer is refused before it is decoded. */
export const MAX_USER_TOKEN_LENGTH = 1024;

/** What a token says: who the user is and when the statement holds. */
export interface UserTokenClaims {
  /** The end user's id. */
  readonly sub: string;
  /** Issued at, epoch seconds. */
  readonly iat: number;
  /** Expires at, epoch seconds. */
  readonly exp: number;
}

/** A user id a token may carry: a UUID-like id, letters, digits and dashes, at most 64 characters. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
/** Two base64url segments; the second (the signature) is empty in plaintext development mode. */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/** True when `userId` may be the subject of a token. */
export function isUserTokenSubject(userId: string): boolean {
  return USER_ID.test(userId);
}

/**
 * A token for `claims`, signed with `privateKey` (ECDSA, RSA or EdDSA, whatever the process's
 * certificate holds), or unsigned (empty signature) when no key is given: plaintext mode.
 */
export function signUserToken(claims: UserTokenClaims, privateKey: KeyObject | undefined): string {
  if (!isUserTokenSubject(claims.sub)) {
    throw new ConnectError("cannot issue a user token: the user id is not a UUID-like id of at most 64 characters", Code.Internal);
  }
  const payload = Buffer.from(JSON.stringify({ sub: claims.sub, iat: claims.iat, exp: claims.exp }), "utf8").toString("base64url");
  if (privateKey === undefined) return `${payload}.`;
  const signature = sign(digestOf(privateKey), Buffer.from(payload, "ascii"), signatureKey(privateKey));
  return `${payload}.${signature.toString("base64url")}`;
}

/**
 * The claims of `token` once its shape, its signature (against `publicKey`; none in plaintext
 * mode) and its times are checked, at `nowSeconds`. Anything wrong is UNAUTHENTICATED, with a
 * message that never echoes the token.
 */
export function verifyUserToken(token: string, publicKey: KeyObject | "unsigned", nowSeconds: number): UserTokenClaims {
  if (token.length > MAX_USER_TOKEN_LENGTH) throw refused(`longer than ${MAX_USER_TOKEN_LENGTH} characters`);
  const parts = TOKEN_SHAPE.exec(token);
  if (parts === null) throw refused("not two base64url segments separated by a dot");
  const [, payload, signature] = parts as unknown as [string, string, string];
  if (publicKey !== "unsigned") {
    if (signature === "") throw refused("not signed");
    const bytes = canonicalBase64url(signature, "signature");
    let valid = false;
    try {
      valid = verify(digestOf(publicKey), Buffer.from(payload, "ascii"), signatureKey(publicKey), bytes);
    } catch {
      valid = false;
    }
    if (!valid) throw refused("signature does not match the caller's certificate");
  }
  const claims = claimsOf(canonicalBase64url(payload, "payload"));
  checkTimes(claims, nowSeconds);
  return claims;
}

/** True while claims already verified still hold at `nowSeconds` (a cached token), skew included. */
export function isUnexpired(claims: UserTokenClaims, nowSeconds: number): boolean {
  return claims.exp + USER_TOKEN_CLOCK_SKEW_SECONDS > nowSeconds;
}

function checkTimes(claims: UserTokenClaims, nowSeconds: number): void {
  if (claims.exp < claims.iat) throw refused("expires before it was issued");
  if (claims.exp - claims.iat > MAX_USER_TOKEN_LIFETIME_SECONDS) throw refused(`lifetime longer than ${MAX_USER_TOKEN_LIFETIME_SECONDS} s`);
  if (claims.iat > nowSeconds + USER_TOKEN_CLOCK_SKEW_SECONDS) throw refused("issued in the future");
  if (!isUnexpired(claims, nowSeconds)) throw refused("expired");
}

/** The claims in a decoded payload: a JSON object with a valid `sub` and integer `iat`/`exp`; other members are ignored. */
function claimsOf(json: Buffer): UserTokenClaims {
  let value: unknown;
  try {
    value = JSON.parse(json.toString("utf8"));
  } catch {
    throw refused("payload is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw refused("payload is not a JSON object");
  const { sub, iat, exp } = value as Record<string, unknown>;
  if (typeof sub !== "string" || !USER_ID.test(sub)) throw refused("sub is not a UUID-like id of at most 64 characters");
  if (!isEpochSeconds(iat)) throw refused("iat is not an integer number of seconds");
  if (!isEpochSeconds(exp)) throw refused("exp is not an integer number of seconds");
  return { sub, iat, exp };
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** The bytes of a base64url segment, refusing the non-canonical spellings (stray trailing bits) a lenient decoder would accept. */
function canonicalBase64url(segment: string, what: string): Buffer {
  const bytes = Buffer.from(segment, "base64url");
  if (bytes.toString("base64url") !== segment) throw refused(`${what} is not canonical base64url`);
  return bytes;
}

/** The hash of a signature with `key`: SHA-256, except for EdDSA keys, which hash internally. */
function digestOf(key: KeyObject): string | null {
  const type = key.asymmetricKeyType;
  return type === "ed25519" || type === "ed448" ? null : "sha256";
}

/** ECDSA signatures in the fixed-size IEEE P1363 form (r ‖ s), shorter and simpler to check than DER. */
function signatureKey(key: KeyObject): KeyObject | { key: KeyObject; dsaEncoding: "ieee-p1363" } {
  return key.asymmetricKeyType === "ec" ? { key, dsaEncoding: "ieee-p1363" } : key;
}

function refused(why: string): ConnectError {
  return new ConnectError(`end-user token refused: ${why}`, Code.Unauthenticated);
}
