import { errors, jwtVerify, SignJWT } from "jose";
import { createMemorySessionRevocations, REVOCATION_LEEWAY_SECONDS, type SessionRevocations } from "./session-revocations.js";

/** What the BFF knows about the signed-in user of a request. */
export interface Viewer {
  /** UUIDv7 of the user (the token's `sub`). */
  readonly userId: string;
  /** UUIDv7 of the session family the token was issued for (the token's `sid`). */
  readonly sessionId: string;
}

/**
 * Why a presented token was refused (sent to clients as `extensions.reason`): not a JWT, past its
 * `exp`, its session ended (logout, password change: handled by clients like an expired one), or
 * anything else wrong with it (signature, issuer, audience, claims).
 */
export type TokenProblem = "malformed" | "expired" | "revoked" | "invalid";

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
  /** Lifetime of an issued token. @default 300 (5 minutes) */
  readonly ttlSeconds?: number;
  /**
   * The ended sessions whose tokens are refused ("revoked"). Its retention must cover `ttlSeconds`.
   * It is asked on every authenticated request: give one that does not throw when its store is
   * away (`failOpenRevocations`), or every such request fails. @default a list in memory
   */
  readonly revocations?: SessionRevocations;
  /** The clock, epoch milliseconds (injectable for tests). @default Date.now */
  readonly now?: () => number;
}

/** Signs and verifies the BFF access tokens (JWT, HS256, issuer and audience checked) and ends them early. */
export interface TokenService {
  /** Lifetime of the tokens {@link TokenService.sign} issues. */
  readonly ttlSeconds: number;
  /** An access token for the viewer's session (`sub` and `sid`), valid for the configured lifetime. */
  sign(viewer: Viewer): Promise<{ readonly token: string; readonly expiresAt: Date }>;
  /** Reads an `Authorization` header value: none → anonymous; bad, expired or revoked → rejected with a reason. */
  authenticate(authorization: string | null | undefined): Promise<Authentication>;
  /** Refuses the access tokens of these sessions from now on (logout, password change). */
  revoke(sessionIds: readonly string[]): Promise<void>;
}

const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/;

/** Verified tokens remembered at most (a client sends the same token on every request). */
const MAX_VERIFIED = 10_000;

/** Longest `sid` accepted (the users service's are 36-char UUIDs). */
const MAX_SESSION_ID_LENGTH = 64;

/** The default access token lifetime: short, because only a refresh (which the users service checks) renews it. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 300;

export function createTokenService(options: TokenOptions): TokenService {
  const { issuer = "shop-bff", audience = "shop-clients", ttlSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS, now = Date.now } = options;
  const key = new TextEncoder().encode(options.secret);
  if (key.byteLength < 32) throw new Error("the JWT secret must be at least 32 bytes");
  const revocations = options.revocations ?? createMemorySessionRevocations({ retentionSeconds: ttlSeconds + REVOCATION_LEEWAY_SECONDS, now });
  /** The viewer, unless its session was ended. */
  const unlessRevoked = async (viewer: Viewer): Promise<Authentication> =>
    (await revocations.isRevoked(viewer.sessionId)) ? { kind: "rejected", problem: "revoked" } : { kind: "viewer", viewer };
  // A token whose signature and claims were checked once is remembered with its expiry, so the
  // HMAC is not recomputed on every request; an expired one is checked again (and refused).
  const verified = new Map<string, { readonly viewer: Viewer; readonly expiresAtSeconds: number }>();

  return {
    ttlSeconds,

    async sign({ userId, sessionId }) {
      if (sessionId === "" || sessionId.length > MAX_SESSION_ID_LENGTH) throw new Error("an access token needs the id of its session");
      const issuedAt = Math.floor(now() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({ sid: sessionId })
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
      if (known && known.expiresAtSeconds > Math.floor(nowMs / 1000)) return unlessRevoked(known.viewer);
      let viewer: Viewer;
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer,
          audience,
          requiredClaims: ["sub", "exp"],
          currentDate: new Date(nowMs),
        });
        // A token without `sid` was issued before sessions existed (or not by us): it cannot be ended, so it is refused.
        const { sub, sid } = payload;
        if (typeof sub !== "string" || sub === "" || typeof sid !== "string" || sid === "" || sid.length > MAX_SESSION_ID_LENGTH) {
          return { kind: "rejected", problem: "invalid" };
        }
        viewer = { userId: sub, sessionId: sid };
        if (typeof payload.exp === "number" && payload.nbf === undefined) {
          if (verified.size >= MAX_VERIFIED) verified.clear();
          verified.set(token, { viewer, expiresAtSeconds: payload.exp });
        }
      } catch (error) {
        verified.delete(token);
        if (error instanceof errors.JWTExpired) return { kind: "rejected", problem: "expired" };
        if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
          return { kind: "rejected", problem: "malformed" };
        }
        return { kind: "rejected", problem: "invalid" };
      }
      return unlessRevoked(viewer);
    },

    revoke: (sessionIds) => revocations.revoke(sessionIds),
  };
}
