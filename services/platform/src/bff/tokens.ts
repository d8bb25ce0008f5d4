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
}

/** Signs and verifies the BFF session tokens (JWT, HS256, issuer and audience checked). */
export interface TokenService {
  /** A token for `userId`, valid for the configured lifetime. */
  sign(userId: string): Promise<{ readonly token: string; readonly expiresAt: Date }>;
  /** Reads an `Authorization` header value: none → anonymous; bad → rejected with a reason. */
  authenticate(authorization: string | null | undefined): Promise<Authentication>;
}

const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/;

export function createTokenService(options: TokenOptions): TokenService {
  const { issuer = "shop-bff", audience = "shop-clients", ttlSeconds = 900 } = options;
  const key = new TextEncoder().encode(options.secret);
  if (key.byteLength < 32) throw new Error("the JWT secret must be at least 32 bytes");

  return {
    async sign(userId) {
      const issuedAt = Math.floor(Date.now() / 1000);
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
      try {
        const { payload } = await jwtVerify(match[1]!, key, {
          algorithms: ["HS256"],
          issuer,
          audience,
          requiredClaims: ["sub", "exp"],
        });
        if (typeof payload.sub !== "string" || payload.sub === "") {
          return { kind: "rejected", problem: "invalid" };
        }
        return { kind: "viewer", viewer: { userId: payload.sub } };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { kind: "rejected", problem: "expired" };
        if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
          return { kind: "rejected", problem: "malformed" };
        }
        return { kind: "rejected", problem: "invalid" };
      }
    },
  };
}
