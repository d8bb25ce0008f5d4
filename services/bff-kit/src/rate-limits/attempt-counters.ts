import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { AttemptKey, AttemptLimiter } from "../session-limits.js";
import { rateLimitedError, retryAfterSecondsOf } from "./rate-limited-error.js";

/** One counter of an {@link AttemptLimiter}: which key of an attempt it counts, and what a success does to it. */
export interface AttemptCounter {
  readonly limiter: RateLimiterAbstract;
  /** The counter's key for an attempt (its ip, its email, or both). */
  readonly keyOf: (attempt: AttemptKey) => string;
  /**
   * What a successful attempt does: `reset` forgets the key's failures (and its blocks), `refund`
   * takes back the attempt counted in advance, `keep` counts successes too (e.g. accounts
   * created from one address).
   */
  readonly onSuccess: "reset" | "refund" | "keep";
  /** When given, a failure that uses the counter's last point blocks its key for longer and longer. */
  readonly escalation?: BlockEscalation;
}

/**
 * Exponential slowdown: the n-th block of a key lasts `firstSeconds × 2^(n-1)`, at most
 * `maxSeconds`. `blocks` counts the blocks of each key (over a window longer than the longest block).
 */
export interface BlockEscalation {
  readonly blocks: RateLimiterAbstract;
  readonly firstSeconds: number;
  readonly maxSeconds: number;
}

/** The length of the `n`-th block (n ≥ 1) of an escalation. */
export function blockSecondsOf(escalation: Pick<BlockEscalation, "firstSeconds" | "maxSeconds">, n: number): number {
  // 2^30 already exceeds any window the settings allow; the cap keeps the power finite.
  return Math.min(escalation.maxSeconds, escalation.firstSeconds * 2 ** Math.min(Math.max(n - 1, 0), 30));
}

/**
 * An {@link AttemptLimiter} over several counters (by ip+email, by email, by ip…): an attempt may
 * go ahead only while every counter has a point left.
 *
 * `check` counts the attempt in every counter in advance, as if it were going to fail: so a burst
 * of concurrent attempts cannot all pass before the first failure is counted (the counters are
 * atomic in Redis and in memory). An attempt refused by one counter is given back to all of them,
 * so refusals themselves never extend a limit. `succeeded` then gives the attempt back (or resets
 * or keeps it, per counter); `failed` only has to escalate. An attempt that ends with neither (the
 * users service down) stays counted as a failure: the safe side.
 */
export function createAttemptLimiter(counters: readonly AttemptCounter[]): AttemptLimiter {
  const keysOf = (attempt: AttemptKey) => counters.map((counter) => counter.keyOf(attempt));
  const eachCounter = async (attempt: AttemptKey, step: (counter: AttemptCounter, key: string) => Promise<unknown>): Promise<void> => {
    await Promise.all(counters.map((counter) => step(counter, counter.keyOf(attempt))));
  };
  return {
    async check(attempt) {
      const keys = keysOf(attempt);
      // Refused without counting while any counter is used up: one read each, the common case under attack.
      const current = await Promise.all(counters.map((counter, i) => counter.limiter.get(keys[i]!)));
      refuseWhenUsedUp(counters, current, (res, counter) => res.consumedPoints >= counter.limiter.points);
      const reserved = await Promise.all(counters.map((counter, i) => counter.limiter.penalty(keys[i]!, 1)));
      const over = reserved.some((res, i) => res.consumedPoints > counters[i]!.limiter.points);
      if (over) {
        await Promise.all(counters.map((counter, i) => counter.limiter.reward(keys[i]!, 1)));
        refuseWhenUsedUp(counters, reserved, (res, counter) => res.consumedPoints > counter.limiter.points);
      }
    },
    failed: (attempt) =>
      eachCounter(attempt, async ({ limiter, escalation }, key) => {
        if (!escalation) return;
        const res = await limiter.get(key);
        if (res === null || res.consumedPoints < limiter.points) return;
        // This failure used the last point: block the key, longer at each block. Concurrent failures
        // of one burst may each count a block; that only lengthens the attacker's wait.
        const n = (await escalation.blocks.penalty(key, 1)).consumedPoints;
        await limiter.block(key, blockSecondsOf(escalation, n));
      }),
    succeeded: (attempt) =>
      eachCounter(attempt, async ({ limiter, escalation, onSuccess }, key) => {
        if (onSuccess === "reset") await Promise.all([limiter.delete(key), escalation?.blocks.delete(key)]);
        else if (onSuccess === "refund") await limiter.reward(key, 1);
      }),
  };
}

/** Throws RATE_LIMITED, retry after the longest wait among the counters `usedUp` picks, if any. */
function refuseWhenUsedUp(
  counters: readonly AttemptCounter[],
  results: readonly (RateLimiterRes | null)[],
  usedUp: (res: RateLimiterRes, counter: AttemptCounter) => boolean,
): void {
  let waitMs = -1;
  results.forEach((res, i) => {
    if (res !== null && usedUp(res, counters[i]!)) waitMs = Math.max(waitMs, res.msBeforeNext);
  });
  if (waitMs >= 0) throw rateLimitedError(retryAfterSecondsOf(waitMs));
}
