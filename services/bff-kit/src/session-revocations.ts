/**
 * The sessions whose access tokens a BFF must refuse before they expire: logout and password change
 * end a session family at the users service at once, but the short-lived access tokens already
 * issued for it stay valid by signature until their `exp`. A session id stays on the list for
 * `retentionSeconds`, the longest an access token can live, and is forgotten after.
 */
export interface SessionRevocations {
  /** Puts `sessionIds` on the list (again: their retention starts over). */
  revoke(sessionIds: readonly string[]): Promise<void>;
  /** Whether `sessionId` is on the list. */
  isRevoked(sessionId: string): Promise<boolean>;
}

/** How long a revoked session id is remembered beyond the access tokens' lifetime: clock skew between replicas. */
export const REVOCATION_LEEWAY_SECONDS = 60;

/** Settings of a revocation list. */
export interface RevocationListOptions {
  /** How long an id stays on the list: the access tokens' lifetime plus {@link REVOCATION_LEEWAY_SECONDS}. */
  readonly retentionSeconds: number;
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/**
 * The list in this process's memory: what one BFF replica alone needs (or several replicas when
 * a stale access token on another replica for at most its lifetime is acceptable). Expired ids
 * are dropped as new ones come in, so the list holds at most the ids revoked within one retention.
 */
export function createMemorySessionRevocations(options: RevocationListOptions): SessionRevocations {
  const { retentionSeconds, now = Date.now } = options;
  // Insertion order is expiry order (one retention for all), so expired ids are at the front.
  const until = new Map<string, number>();
  const dropExpired = (nowMs: number): void => {
    for (const [id, expiresAt] of until) {
      if (expiresAt > nowMs) return;
      until.delete(id);
    }
  };
  return {
    async revoke(sessionIds) {
      const nowMs = now();
      dropExpired(nowMs);
      for (const id of sessionIds) {
        until.delete(id);
        until.set(id, nowMs + retentionSeconds * 1000);
      }
    },
    async isRevoked(sessionId) {
      const expiresAt = until.get(sessionId);
      return expiresAt !== undefined && expiresAt > now();
    },
  };
}
