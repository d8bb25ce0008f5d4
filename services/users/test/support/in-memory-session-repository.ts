import type { SessionRepository, StoredSession } from "../../src/data/session-repository.js";
import { isLive } from "../../src/domain/session-lifetime.js";
import type { InMemoryUserRepository } from "./in-memory-user-repository.js";

/** A {@link SessionRepository} in Maps beside an in-memory user repository, for tests that need no database. */
export interface InMemorySessionRepository extends SessionRepository {
  /** The session rows by id (tests look at them). */
  readonly rows: ReadonlyMap<string, StoredSession>;
}

/**
 * Sessions in a Map over `users`' rows. Each method checks and writes without yielding, which is
 * what a transaction with a conditional update gives the Prisma repository: two concurrent
 * rotations of one secret cannot both pass.
 */
export function createInMemorySessionRepository(users: InMemoryUserRepository): InMemorySessionRepository {
  const rows = new Map<string, StoredSession>();
  /** Spent secret hash → its session id. */
  const spent = new Map<string, string>();
  const revokeNow = (sessionId: string, at: Date): boolean => {
    const session = rows.get(sessionId);
    if (session === undefined || session.revokedAt !== null) return false;
    rows.set(sessionId, { ...session, revokedAt: at, updatedAt: at });
    return true;
  };
  return {
    rows,
    async findById(id) {
      return rows.get(id);
    },
    async isSpent(sessionId, tokenHash) {
      return spent.get(tokenHash) === sessionId;
    },
    async insertWithUser(user, session) {
      users.insertNow(user);
      rows.set(session.id, session);
    },
    async insertIfPassword(session, passwordHash) {
      if (users.rows.get(session.userId)?.passwordHash !== passwordHash) return false;
      rows.set(session.id, session);
      return true;
    },
    async rotate({ sessionId, presentedHash, nextHash, refreshExpiresAt, at }) {
      const session = rows.get(sessionId);
      if (session === undefined || session.tokenHash !== presentedHash || !isLive(session, at)) return false;
      rows.set(sessionId, { ...session, tokenHash: nextHash, refreshExpiresAt, updatedAt: at });
      spent.set(presentedHash, sessionId);
      return true;
    },
    async revoke(sessionId, at) {
      return revokeNow(sessionId, at);
    },
    async replacePassword({ userId, expectedHash, passwordHash, at, session }) {
      const user = users.rows.get(userId);
      if (user === undefined || user.passwordHash !== expectedHash) return undefined;
      const updated = { ...user, passwordHash, updatedAt: at };
      users.rows.set(userId, updated);
      const revokedIds = [...rows.values()].filter((s) => s.userId === userId && isLive(s, at)).map((s) => s.id);
      for (const id of revokedIds) revokeNow(id, at);
      rows.set(session.id, session);
      return { user: updated, revokedIds };
    },
  };
}
