/**
 * The time budget of one request: fixed when the request arrives, so every downstream call gets
 * what remains of it rather than a fresh timeout of its own.
 */
export interface Deadline {
  /** Epoch milliseconds at which the request has used up its budget. */
  readonly at: number;
  /** Milliseconds left, never negative. */
  remainingMs(): number;
}

/** A deadline `budgetMs` from `now()`. `now` is injectable for tests. */
export function startDeadline(budgetMs: number, now: () => number = Date.now): Deadline {
  const at = now() + budgetMs;
  return {
    at,
    remainingMs: () => Math.max(0, at - now()),
  };
}
