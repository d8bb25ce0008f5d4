import type { KeyObject } from "node:crypto";
import type { GrpcTrust } from "./grpc-trust.js";
import { signUserToken, USER_TOKEN_LIFETIME_SECONDS } from "./user-token.js";

/** Options of {@link UserTokenSigner}. */
export interface UserTokenSignerOptions {
  /** Lifetime of each token. @default USER_TOKEN_LIFETIME_SECONDS (60) */
  readonly lifetimeSeconds?: number;
  /** A cached token is signed again once it has less than this left. @default 20 */
  readonly renewBeforeSeconds?: number;
  /** Most users whose token is kept; past it the oldest entry goes. @default 10_000 */
  readonly maxCached?: number;
  /** The clock, epoch milliseconds (tests move it). @default Date.now */
  readonly now?: () => number;
}

/**
 * Issues the `x-user-token` of the calls a process makes for its end users: signed with the
 * process's TLS private key, or unsigned in plaintext development mode (no key). One signature per
 * user per ~40 s: a token is reused until it has less than `renewBeforeSeconds` left, so the
 * service that verifies it also answers from its cache.
 */
export class UserTokenSigner {
  readonly #key: KeyObject | undefined;
  readonly #lifetime: number;
  readonly #renewBefore: number;
  readonly #maxCached: number;
  readonly #now: () => number;
  readonly #issued = new Map<string, { readonly token: string; readonly exp: number }>();

  /** `privateKey` undefined = unsigned tokens (plaintext mode). */
  constructor(privateKey: KeyObject | undefined, options: UserTokenSignerOptions = {}) {
    this.#key = privateKey;
    this.#lifetime = options.lifetimeSeconds ?? USER_TOKEN_LIFETIME_SECONDS;
    this.#renewBefore = options.renewBeforeSeconds ?? 20;
    this.#maxCached = options.maxCached ?? 10_000;
    this.#now = options.now ?? Date.now;
    if (!(this.#renewBefore >= 0 && this.#renewBefore < this.#lifetime)) {
      throw new Error(`UserTokenSigner: renewBeforeSeconds must be ≥ 0 and below lifetimeSeconds (${this.#lifetime}), got ${this.#renewBefore}`);
    }
  }

  /** True when the tokens are signed (mTLS), false when they travel unsigned (plaintext mode). */
  get signs(): boolean {
    return this.#key !== undefined;
  }

  /** A token for `userId` with at least `renewBeforeSeconds` left. */
  tokenFor(userId: string): string {
    const now = Math.floor(this.#now() / 1000);
    const cached = this.#issued.get(userId);
    if (cached !== undefined && cached.exp - now >= this.#renewBefore) return cached.token;
    const exp = now + this.#lifetime;
    const token = signUserToken({ sub: userId, iat: now, exp }, this.#key);
    // Re-inserted at the end, so the Map's first key is always the least recently issued.
    this.#issued.delete(userId);
    if (this.#issued.size >= this.#maxCached) this.#issued.delete(this.#issued.keys().next().value!);
    this.#issued.set(userId, { token, exp });
    return token;
  }
}

/** The signer of a process under `trust`: signing with its TLS key under mTLS, unsigned tokens in plaintext mode. */
export function userTokenSignerFor(trust: GrpcTrust, options?: UserTokenSignerOptions): UserTokenSigner {
  return new UserTokenSigner(trust.mode === "mtls" ? trust.identity.privateKey : undefined, options);
}
