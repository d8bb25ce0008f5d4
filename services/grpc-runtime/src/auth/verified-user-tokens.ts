import { isUnexpired, type UserTokenClaims } from "./user-token.js";

/**
 * Tokens already verified, per (peer certificate, token), kept until they expire: a BFF reuses a
 * token for about 40 s, so a service checks each signature once and answers the other calls
 * from here. Keyed by the peer too, so a token presented by another certificate is verified (and
 * refused) afresh. Bounded: past `maxEntries` the oldest entry goes.
 */
export class VerifiedUserTokens {
  readonly #entries = new Map<string, UserTokenClaims>();
  readonly #maxEntries: number;

  constructor(maxEntries = 10_000) {
    if (!(maxEntries >= 1)) throw new Error(`VerifiedUserTokens: maxEntries must be ≥ 1, got ${maxEntries}`);
    this.#maxEntries = maxEntries;
  }

  /** The claims of `token` from `peer` (a certificate fingerprint) when verified before and still valid at `nowSeconds`. */
  get(peer: string, token: string, nowSeconds: number): UserTokenClaims | undefined {
    const key = keyOf(peer, token);
    const claims = this.#entries.get(key);
    if (claims === undefined) return undefined;
    if (isUnexpired(claims, nowSeconds)) return claims;
    this.#entries.delete(key);
    return undefined;
  }

  /** Remembers that `token` from `peer` verified to `claims`. */
  set(peer: string, token: string, claims: UserTokenClaims): void {
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(keyOf(peer, token), claims);
  }

  /** How many are kept (tests). */
  get size(): number {
    return this.#entries.size;
  }
}

function keyOf(peer: string, token: string): string {
  return `${peer} ${token}`;
}
