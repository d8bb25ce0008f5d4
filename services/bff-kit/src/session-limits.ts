/**
 * The abuse limits the session resolvers apply (login, signUp, refreshSession). Implemented over
 * rate-limiter-flexible (Redis when REDIS_URL is set, memory otherwise); resolvers only see this.
 * Every method that refuses throws the RATE_LIMITED GraphQL error (HTTP 429 with Retry-After),
 * before anything is executed.
 */
export interface AttemptKey {
  /** The client's address as the BFF determined it (see `clientIpOf`). */
  readonly ip: string;
  /** The email the attempt is about, lower-cased and trimmed. */
  readonly email: string;
}

/** Limits on attempts that check a secret (login) or claim a unique name (signUp). */
export interface AttemptLimiter {
  /** Refuses (RATE_LIMITED) when `key` may not try now; call before checking anything. */
  check(key: AttemptKey): Promise<void>;
  /** Counts a failed attempt (wrong password, email taken, invalid input); may block `key` for longer after each. */
  failed(key: AttemptKey): Promise<void>;
  /** Forgets the failures of `key` (its ip and email together) after a success. */
  succeeded(key: AttemptKey): Promise<void>;
}

/** The limits of the session mutations of one BFF process. */
export interface SessionLimits {
  readonly login: AttemptLimiter;
  readonly signUp: AttemptLimiter;
  /** Refuses (RATE_LIMITED) when the session `sessionId` is refreshed too often; call before RefreshSession. */
  refresh(sessionId: string): Promise<void>;
}
