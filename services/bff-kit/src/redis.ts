import { Redis } from "ioredis";

/**
 * The one Redis client of a BFF process (from `REDIS_URL`), shared by everything that keeps state
 * every replica must see: the rate limits and the session revocation list. Created once by the
 * server; closed with it.
 *
 * Tuned to fail fast rather than wait: while Redis is unreachable a command is refused at once (no
 * offline queue) or after `commandTimeoutMs`, so the callers' fail-open or fail-closed decision
 * applies within a request's budget instead of after it. The client keeps reconnecting on its own.
 */
export function createRedis(url: string, options: { readonly commandTimeoutMs?: number } = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A hung Redis costs a login (three rounds of limiter calls) under a second, an operation 250 ms.
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 2_000,
    // Reconnect every 0.1 s growing to 2 s; never give up (Redis may come back).
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  });
  // Without a listener, ioredis prints every connection error; the callers log what matters.
  client.on("error", () => undefined);
  return client;
}
