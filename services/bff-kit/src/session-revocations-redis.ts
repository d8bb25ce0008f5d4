import type { Redis } from "ioredis";
import { createMemorySessionRevocations, type RevocationListOptions, type SessionRevocations } from "./session-revocations.js";

/** Settings of the Redis revocation list. */
export interface RedisRevocationListOptions extends RevocationListOptions {
  /** Prefix of the keys, one per revoked session (`<prefix><session id>`). @default "shop:bff:revoked-session:" */
  readonly keyPrefix?: string;
}

/**
 * The list in Redis, so every BFF replica refuses a session that any of them ended: one key per
 * session id with the retention as its TTL (Redis forgets it on its own). An id once seen revoked is
 * also remembered in memory, so a client retrying a dead token costs no Redis round trip.
 *
 * Errors of the client (Redis down, timeout) are thrown: whether to fail open or closed is the
 * caller's decision (see `failOpenRevocations`).
 */
export function createRedisSessionRevocations(client: Redis, options: RedisRevocationListOptions): SessionRevocations {
  const prefix = options.keyPrefix ?? "shop:bff:revoked-session:";
  const seconds = Math.max(1, Math.ceil(options.retentionSeconds));
  const known = createMemorySessionRevocations(options);
  return {
    async revoke(sessionIds) {
      if (sessionIds.length === 0) return;
      const pipeline = client.pipeline();
      for (const id of sessionIds) pipeline.set(`${prefix}${id}`, "1", "EX", seconds);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed) throw failed[0];
      await known.revoke(sessionIds);
    },
    async isRevoked(sessionId) {
      if (await known.isRevoked(sessionId)) return true;
      const revoked = (await client.exists(`${prefix}${sessionId}`)) === 1;
      if (revoked) await known.revoke([sessionId]);
      return revoked;
    },
  };
}
