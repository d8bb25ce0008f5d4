import { Code } from "@connectrpc/connect";

/** When a client stops calling a service that does not answer, and when it tries again. */
export interface CircuitBreakerOptions {
  /**
   * Consecutive calls ending UNAVAILABLE or DEADLINE_EXCEEDED (after their retries) that open the
   * breaker. Any other answer, errors included, proves the service answers and resets the count.
   * @default 5
   */
  readonly failureThreshold?: number;
  /** How long an open breaker fails calls at once before it lets one probe through. @default 1_000 */
  readonly openMs?: number;
  /** Deadline of that probe (a grpc.health.v1 Check over the same channel). @default 1_000 */
  readonly probeTimeoutMs?: number;
}

const DEFAULT_BREAKER: Required<CircuitBreakerOptions> = { failureThreshold: 5, openMs: 1_000, probeTimeoutMs: 1_000 };

/** Resolved breaker settings: every option with its value. */
export type CircuitBreakerPolicy = Required<CircuitBreakerOptions>;

/** The options over the defaults, checked (`false` turns the breaker off: undefined). */
export function circuitBreakerPolicyOf(options: CircuitBreakerOptions | false | undefined): CircuitBreakerPolicy | undefined {
  if (options === false) return undefined;
  const policy: CircuitBreakerPolicy = { ...DEFAULT_BREAKER, ...options };
  if (!Number.isInteger(policy.failureThreshold) || policy.failureThreshold < 1) {
    throw new Error(`circuitBreaker.failureThreshold must be a whole number ≥ 1, got ${policy.failureThreshold}`);
  }
  for (const key of ["openMs", "probeTimeoutMs"] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 1) throw new Error(`circuitBreaker.${key} must be ≥ 1 ms, got ${policy[key]}`);
  }
  return policy;
}

/** The codes that say "nobody answered": the only ones a breaker counts as failures. */
export function isBreakerFailure(code: Code): boolean {
  return code === Code.Unavailable || code === Code.DeadlineExceeded;
}

export type CircuitState = "closed" | "open" | "half-open";

/** What {@link CircuitBreaker.admit} decides for a call about to start. */
export type Admission =
  /** Send the call. */
  | "call"
  /** Fail the call at once. */
  | "reject"
  /** Fail the call at once, and start the one probe now (the cool-down is over). */
  | "reject-and-probe";

/**
 * A per-service circuit breaker, a pure state machine over an injected clock:
 *
 * - **closed**: calls go out; `failureThreshold` failures in a row open it.
 * - **open**: calls fail at once for `openMs`; the first call after that starts one probe.
 * - **half-open**: the probe is on its way; calls still fail at once. The probe's success closes
 *   the breaker, its failure opens it for another `openMs`.
 *
 * Outcomes of calls that were admitted while closed but end while open or half-open change
 * nothing: only the probe decides when the breaker closes.
 */
export class CircuitBreaker {
  readonly #policy: CircuitBreakerPolicy;
  readonly #now: () => number;
  #state: CircuitState = "closed";
  #failures = 0;
  #openedAt = 0;

  constructor(policy: CircuitBreakerPolicy, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
  }

  /** The current state. */
  get state(): CircuitState {
    return this.#state;
  }

  /** Failures in a row counted so far while closed. */
  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Milliseconds until an open breaker lets its next probe through (0 when not open). */
  get msUntilProbe(): number {
    if (this.#state !== "open") return 0;
    return Math.max(0, this.#openedAt + this.#policy.openMs - this.#now());
  }

  /** Decides whether a call may start now. */
  admit(): Admission {
    switch (this.#state) {
      case "closed":
        return "call";
      case "half-open":
        return "reject";
      case "open":
        if (this.#now() < this.#openedAt + this.#policy.openMs) return "reject";
        this.#state = "half-open";
        return "reject-and-probe";
    }
  }

  /** An admitted call ended with `code` (0 = OK). */
  record(code: Code | 0): void {
    if (this.#state !== "closed") return;
    if (code !== 0 && isBreakerFailure(code)) {
      this.#failures++;
      if (this.#failures >= this.#policy.failureThreshold) this.#open();
    } else {
      this.#failures = 0;
    }
  }

  /** The probe started by "reject-and-probe" ended. */
  probeEnded(healthy: boolean): void {
    if (this.#state !== "half-open") return;
    if (healthy) {
      this.#state = "closed";
      this.#failures = 0;
    } else {
      this.#open();
    }
  }

  #open(): void {
    this.#state = "open";
    this.#openedAt = this.#now();
  }
}
