/**
 * A session family as the use cases hand it out: one sign-in of a user on one client. Refreshing
 * keeps its id and moves its idle expiry; revoking it ends every refresh token of the family.
 */
export interface Session {
  /** UUIDv7 of the family; access tokens carry it as `sid`. */
  readonly id: string;
  /** UUIDv7 of the user. */
  readonly userId: string;
  /** Which client it is for ("web", "mobile", …). */
  readonly client: string;
  /** When the current refresh token stops working unless it is used before (idle expiry). */
  readonly refreshExpiresAt: Date;
  /** When the session ends whatever happens (absolute expiry). */
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

/** A session and the refresh token that continues it, shown to the caller once. */
export interface SessionGrant {
  readonly session: Session;
  /** `<session id>.<secret>`; only the secret's SHA-256 is stored. */
  readonly refreshToken: string;
}
