/** How long sessions live. Parsed once from USERS_SESSION_IDLE_SECONDS / USERS_SESSION_MAX_SECONDS. */
export interface SessionPolicy {
  /** A refresh token unused for this long stops working (idle expiry). @default 1_209_600 (14 days) */
  readonly idleSeconds: number;
  /** A session ends this long after sign-in, however often it is refreshed (absolute expiry). @default 2_592_000 (30 days) */
  readonly maxSeconds: number;
}

/** The documented defaults: 14 days idle, 30 days at most. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleSeconds: 1_209_600, maxSeconds: 2_592_000 };

/** The expiry times and revocation of a session: all its liveness depends on. */
export interface SessionTimes {
  readonly refreshExpiresAt: Date;
  readonly expiresAt: Date;
  /** When it was revoked; null while it is not. */
  readonly revokedAt: Date | null;
}

/** The expiries of a session started at `now`. The idle expiry never passes the absolute one. */
export function firstExpiries(now: Date, policy: SessionPolicy): Pick<SessionTimes, "refreshExpiresAt" | "expiresAt"> {
  const expiresAt = new Date(now.getTime() + policy.maxSeconds * 1000);
  return { expiresAt, refreshExpiresAt: nextIdleExpiry(now, expiresAt, policy) };
}

/** The idle expiry of a token issued at `now`: `idleSeconds` later, but never past the absolute expiry. */
export function nextIdleExpiry(now: Date, expiresAt: Date, policy: SessionPolicy): Date {
  return new Date(Math.min(now.getTime() + policy.idleSeconds * 1000, expiresAt.getTime()));
}

/** True when the session may still be refreshed at `now`: not revoked and neither expiry reached. */
export function isLive(session: SessionTimes, now: Date): boolean {
  const at = now.getTime();
  return session.revokedAt === null && at < session.refreshExpiresAt.getTime() && at < session.expiresAt.getTime();
}
