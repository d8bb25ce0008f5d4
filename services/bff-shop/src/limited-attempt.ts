import { ConnectError } from "@connectrpc/connect";
import type { AttemptKey, AttemptLimiter } from "@shop/bff-kit";

/** How an attempt was refused: the error for the client, and whether it counts as a failed attempt. */
export interface Refusal {
  readonly error: Error;
  /** A wrong secret or a claim on a taken name counts; a malformed new password, say, does not. */
  readonly counts: boolean;
}

/** One attempt at something `limiter` guards, for `key`. */
export interface Attempt<T> {
  /** A refusal decided before any call (hostile sizes), or undefined to go on. */
  readonly refusedBeforeCall?: () => Refusal | undefined;
  /** The call that checks the secret or claims the name. */
  readonly call: () => Promise<T>;
  /** The refusal a call's error means, or undefined when it is not about the attempt (an outage). */
  readonly refusalOf: (error: ConnectError) => Refusal | undefined;
}

/**
 * Runs an attempt under its limits: `check` first (RATE_LIMITED, nothing done); a refusal that counts
 * is recorded with `failed` and thrown; a success clears the key's failures (`succeeded`); any
 * other error is thrown as it came and records neither, so the attempt `check` counted in advance
 * stays counted (a service outage cannot be used to try passwords uncounted).
 */
export async function limitedAttempt<T>(limiter: AttemptLimiter, key: AttemptKey, attempt: Attempt<T>): Promise<T> {
  const refuse = async (refusal: Refusal): Promise<never> => {
    if (refusal.counts) await limiter.failed(key);
    throw refusal.error;
  };
  await limiter.check(key);
  const early = attempt.refusedBeforeCall?.();
  if (early) return refuse(early);
  let result: T;
  try {
    result = await attempt.call();
  } catch (error) {
    const refusal = error instanceof ConnectError ? attempt.refusalOf(error) : undefined;
    if (!refusal) throw error;
    return refuse(refusal);
  }
  await limiter.succeeded(key);
  return result;
}
