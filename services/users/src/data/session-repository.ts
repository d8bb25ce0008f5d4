import type { SessionTimes } from "../domain/session-lifetime.js";
import type { Session } from "../session.js";
import type { StoredUser } from "./user-repository.js";

/** A session row: the public fields, the hash of its current refresh secret and its revocation. */
export interface StoredSession extends Session, SessionTimes {
  /** SHA-256 (lower-case hex) of the current refresh token's secret. */
  readonly tokenHash: string;
  readonly updatedAt: Date;
}

/** One refresh: trade the presented secret for the next one, if it is still the current one. */
export interface SessionRotation {
  readonly sessionId: string;
  /** Hash of the secret presented; kept as spent once the rotation is done. */
  readonly presentedHash: string;
  /** Hash of the secret handed out next. */
  readonly nextHash: string;
  /** The new idle expiry. */
  readonly refreshExpiresAt: Date;
  readonly at: Date;
}

/** A password change: the new hash, if the stored one is still the one the current password was checked against. */
export interface PasswordReplacement {
  readonly userId: string;
  /** The hash the current password was checked against. */
  readonly expectedHash: string;
  readonly passwordHash: string;
  readonly at: Date;
  /** The caller's new session, started in the same transaction. */
  readonly session: StoredSession;
}

/**
 * Persistence of session families. Every write that must not half-happen is one transaction
 * here: sign-up (user and session), rotation (new secret and the spent one recorded), password
 * change (hash, revocations and the new session). The only implementation that touches a
 * database is in this folder.
 */
export interface SessionRepository {
  /** The session with this id, revoked and expired ones included, or undefined. */
  findById(id: string): Promise<StoredSession | undefined>;
  /** True when `tokenHash` is a secret of this session that was already traded in. */
  isSpent(sessionId: string, tokenHash: string): Promise<boolean>;
  /** Registers `user` and starts `session` for them, all or nothing; EmailTakenError when the email is taken. */
  insertWithUser(user: StoredUser, session: StoredSession): Promise<void>;
  /**
   * Starts `session` only if its user's stored password hash is still `passwordHash` (the one the
   * sign-in just checked), waiting for a password change in flight; false when it is not.
   */
  insertIfPassword(session: StoredSession, passwordHash: string): Promise<boolean>;
  /**
   * Rotates the refresh secret in one transaction, with a conditional update: only if the
   * presented hash is still the current one and the session is live at `at`. Of two concurrent
   * rotations of one secret exactly one returns true; the spent hash is recorded with it.
   */
  rotate(rotation: SessionRotation): Promise<boolean>;
  /** Revokes the session at `at` unless it already is; true when this call revoked it. */
  revoke(sessionId: string, at: Date): Promise<boolean>;
  /**
   * In one transaction: stores the new password hash (only if the stored one is `expectedHash`),
   * revokes every live session of the user, starts the new one. The updated user and the ids of
   * the sessions revoked, or undefined when the stored hash was no longer `expectedHash`.
   */
  replacePassword(change: PasswordReplacement): Promise<{ readonly user: StoredUser; readonly revokedIds: string[] } | undefined>;
}

/** The public view of a stored session: its token hash, revocation and update time stay behind. */
export function publicSession(stored: StoredSession): Session {
  const { tokenHash: _hash, revokedAt: _revoked, updatedAt: _updated, ...session } = stored;
  return session;
}
