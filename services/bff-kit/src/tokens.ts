import { errors, jwtVerify, SignJWT } from "jose";

/** What the BFF knows about the signed-in user of a request. */
export interface Viewer {
  /** UUIDv7 of the user (the token's `sub`). */
  readonly userId: string;
}

/** Why a presented token was refused; never sent to clients beyond a generic message. */
export type TokenProblem = "malformed" | "expired" | "invalid";

/** The outcome of reading an `Authorization` header. */
export type Authentication =
  | { readonly kind: "anonymous" }
  | { readonly kind: "viewer"; readonly viewer: Viewer }
  | { readonly kind: "rejected"; readonly problem: TokenProblem };

/** Settings of the short-lived session tokens both BFFs issue and accept. */
export interface TokenOptions {
  /** HMAC secret (HS256); at least 32 bytes. */
  readonly secret: string;
  /** @default "shop-bff" */
  readonly issuer?: string;
  /** @default "shop-clients" */
  readonly audience?: string;
  /** Lifetime of an issued token. @default 900 (15 minutes) */
  readonly ttlSeconds?: number;
  /** The clock, epoch milliseconds (injectable for tests). @default Date.now */
  readonly now?: () => number;
}

/** Signs and verifies the BFF session tokens (JWT, HS256, issuer and audience checked). */
export interface TokenService {
  /** A token for `userId`, valid for the configured lifetime. */
  sign(userId: string): Promise<{ readonly token: string; readonly expiresAt: Date }>;
  /** Reads an `Authorization` header value: none → anonymous; bad → rejected with a reason. */
  authenticate(authorization: string | null | undefined): Promise<Authentication>;
}

const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/;

/** Verified tokens remembered at most (a client sends the same token on every request). */
const MAX_VERIFIED = 10_000;

export function createTokenService(options: TokenOptions): TokenService {
  const { issuer = "shop-bff", audience = "shop-clients", ttlSeconds = 900, now = Date.now } = options;
  const key = new TextEncoder().encode(options.secret);
  if (key.byteLength < 32) throw new Error("the JWT secret must be at least 32 bytes");
  // A token whose signature and claims were checked once is remembered with its expiry, so the
  // HMAC is not recomputed on every request; an expired one is checked again (and refused).
  const verified = new Map<string, { readonly viewer: Viewer; readonly expiresAtSeconds: number }>();

  return {
    async sign(userId) {
      const issuedAt = Math.floor(now() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },

    async authenticate(authorization) {
      if (authorization === null || authorization === undefined || authorization === "") {
        return { kind: "anonymous" };
      }
      const match = BEARER.exec(authorization.trim());
      if (!match) return { kind: "rejected", problem: "malformed" };
      const token = match[1]!;
      const nowMs = now();
      const known = verified.get(token);
      if (known && known.expiresAtSeconds > Math.floor(nowMs / 1000)) return { kind: "viewer", viewer: known.viewer };
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer,
          audience,
          requiredClaims: ["sub", "exp"],
          currentDate: new Date(nowMs),
        });
        if (typeof payload.sub !== "string" || payload.sub === "") {
          return { kind: "rejected", problem: "invalid" };
        }
        const viewer: Viewer = { userId: payload.sub };
        if (typeof payload.exp === "number" && payload.nbf === undefined) {
          if (verified.size >= MAX_VERIFIED) verified.clear();
          verified.set(token, { viewer, expiresAtSeconds: payload.exp });
        }
        return { kind: "viewer", viewer };
      } catch (error) {
        verified.delete(token);
        if (error instanceof errors.JWTExpired) return { kind: "rejected", problem: "expired" };
        if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
          return { kind: "rejected", problem: "malformed" };
        }
        return { kind: "rejected", problem: "invalid" };
      }
    },
  };
}
