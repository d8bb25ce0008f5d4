import type { DescMethod } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";

/** When and how a client retries a failed call. */
export interface RetryOptions {
  /** Attempts in all, the first one included. @default 3 */
  readonly maxAttempts?: number;
  /** Backoff before the second attempt; doubles each time. @default 50 */
  readonly initialBackoffMs?: number;
  /** Upper bound of one backoff. @default 1_000 */
  readonly maxBackoffMs?: number;
}

/** Resolved retry settings: every option with its value. */
export type RetryPolicy = Required<RetryOptions>;

/** The settings used when a client gives none (false turns retries off). */
export function retryPolicyOf(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 };
  return {
    maxAttempts: Math.max(1, options?.maxAttempts ?? 3),
    initialBackoffMs: options?.initialBackoffMs ?? 50,
    maxBackoffMs: options?.maxBackoffMs ?? 1_000,
  };
}

/** True for methods whose proto declares `idempotency_level` NO_SIDE_EFFECTS or IDEMPOTENT. */
export function isRetryableMethod(method: DescMethod): boolean {
  return (
    method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS ||
    method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT
  );
}

/** True for codes that say the call did not reach a handler able to answer: UNAVAILABLE. */
export function isRetryableCode(code: Code): boolean {
  return code === Code.Unavailable;
}

/**
 * Backoff before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that callers failing together spread out.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
