import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Rate } from "./rate-limit-settings.js";

/**
 * What a limiter does when its store fails (Redis down, refused or too slow):
 * - `insured`: a limiter in this process's memory takes over until Redis answers again, so the
 *   limit still holds, per process instead of per deployment (rate-limiter-flexible's
 *   `insuranceLimiter`). For limits that guard secrets and accounts: login, signUp, refresh.
 * - `open`: the store's error reaches the caller, who lets the request through (and says so in the
 *   log). For the operation budget: it protects capacity, and refusing every request while Redis
 *   is away would turn a Redis outage into a BFF outage.
 */
export type FailurePolicy = "insured" | "open";

/** Where counters live: one place per process, shared by every limiter it makes. */
export interface LimiterStore {
  /** "memory" (this process only) or "redis" (every replica that shares the Redis and prefix). */
  readonly kind: "memory" | "redis";
  /**
   * A fixed-window limiter named `name` (part of its keys: `<prefix><name>:<key>` in Redis).
   * `policy` only matters for Redis: memory never fails.
   */
  limiter(name: string, rate: Rate, policy: FailurePolicy): RateLimiterAbstract;
}

/** Counters in this process's memory: what one BFF alone needs; each replica counts on its own. */
export function memoryLimiterStore(): LimiterStore {
  return {
    kind: "memory",
    limiter: (name, rate) => new RateLimiterMemory({ keyPrefix: name, points: rate.points, duration: rate.seconds }),
  };
}

/**
 * Counters in Redis under `keyPrefix` (e.g. "shop:rl:"), shared by every BFF process of the
 * deployment, web and mobile alike. Calls are refused at once while the client is not connected
 * (`rejectIfRedisNotReady`), so a dead Redis costs no waiting; a hung one costs the client's
 * command timeout.
 */
export function redisLimiterStore(client: Redis, keyPrefix: string): LimiterStore {
  return {
    kind: "redis",
    limiter(name, rate, policy) {
      const options = { keyPrefix: `${keyPrefix}${name}`, points: rate.points, duration: rate.seconds };
      return new RateLimiterRedis({
        ...options,
        storeClient: client,
        rejectIfRedisNotReady: true,
        ...(policy === "insured"
          ? { insuranceLimiter: new RateLimiterMemory(options) }
          : // A key over its budget is refused from memory until its window ends: an abusive client
            // costs no Redis round trip per request.
            { inMemoryBlockOnConsumed: rate.points + 1 }),
      });
    },
  };
}
