import type { PrismaClient } from "./generated/client.js";
import { registrationError } from "./prisma-errors.js";
import type { SessionRepository } from "./session-repository.js";

// Interactive transactions wait for a connection first: on embedded PGlite there is one, shared
// by every call, so a burst of refreshes queues. Generous bounds; each transaction is a few statements.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

/** The {@link SessionRepository} over the service's Prisma client (tables `sessions` and `session_tokens`). */
export function createPrismaSessionRepository(prisma: PrismaClient): SessionRepository {
  return {
    async findById(id) {
      // A row has exactly the fields of a StoredSession.
      return (await prisma.session.findUnique({ where: { id } })) ?? undefined;
    },

    async isSpent(sessionId, tokenHash) {
      const spent = await prisma.sessionToken.findUnique({ where: { tokenHash }, select: { sessionId: true } });
      return spent?.sessionId === sessionId;
    },

    async insertWithUser(user, session) {
      const { userId: _, ...sessionRow } = session;
      try {
        // One nested write: the user and their first session commit together or not at all.
        await prisma.user.create({ data: { ...user, sessions: { create: sessionRow } }, select: { id: true } });
      } catch (error) {
        throw registrationError(error, user.email);
      }
    },

    async insertIfPassword(session, passwordHash) {
      // One statement: the user row is read FOR SHARE, so a password change in flight (which holds
      // the row's write lock) is waited for, and its new hash then no longer matches: no session
      // outlives a password change by racing it.
      const inserted = await prisma.$executeRaw`
        INSERT INTO sessions (id, user_id, client, token_hash, revoked_at, refresh_expires_at, expires_at, created_at, updated_at)
        SELECT ${session.id}::uuid, u.id, ${session.client}, ${session.tokenHash}, NULL,
               ${session.refreshExpiresAt.toISOString()}::timestamptz, ${session.expiresAt.toISOString()}::timestamptz,
               ${session.createdAt.toISOString()}::timestamptz, ${session.updatedAt.toISOString()}::timestamptz
        FROM users u
        WHERE u.id = ${session.userId}::uuid AND u.password_hash = ${passwordHash}
        FOR SHARE`;
      return inserted === 1;
    },

    rotate({ sessionId, presentedHash, nextHash, refreshExpiresAt, at }) {
      return prisma.$transaction(async (tx) => {
        // The conditional update decides: a concurrent rotation of the same secret waits for this
        // row's lock, then finds the hash changed and updates nothing.
        const { count } = await tx.session.updateMany({
          where: { id: sessionId, tokenHash: presentedHash, revokedAt: null, refreshExpiresAt: { gt: at }, expiresAt: { gt: at } },
          data: { tokenHash: nextHash, refreshExpiresAt, updatedAt: at },
        });
        if (count !== 1) return false;
        await tx.sessionToken.create({ data: { tokenHash: presentedHash, sessionId, usedAt: at } });
        return true;
      }, TRANSACTION_OPTIONS);
    },

    async revoke(sessionId, at) {
      const { count } = await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: at, updatedAt: at } });
      return count === 1;
    },

    replacePassword({ userId, expectedHash, passwordHash, at, session }) {
      return prisma.$transaction(async (tx) => {
        const [user] = await tx.user.updateManyAndReturn({
          where: { id: userId, passwordHash: expectedHash },
          data: { passwordHash, updatedAt: at },
        });
        if (user === undefined) return undefined;
        const revoked = await tx.session.updateManyAndReturn({
          where: { userId, revokedAt: null, refreshExpiresAt: { gt: at }, expiresAt: { gt: at } },
          data: { revokedAt: at, updatedAt: at },
          select: { id: true },
        });
        await tx.session.create({ data: session, select: { id: true } });
        return { user, revokedIds: revoked.map((row) => row.id) };
      }, TRANSACTION_OPTIONS);
    },
  };
}
