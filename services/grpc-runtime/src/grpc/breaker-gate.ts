import { Code, ConnectError } from "@connectrpc/connect";
import type { Logger } from "pino";
import { CircuitBreaker, type CircuitBreakerPolicy } from "./circuit-breaker.js";

/**
 * A transport's circuit breaker put to work: admits or refuses each call, starts the probe when
 * the cool-down is over, and logs every change of state (warn when it opens, info when it closes).
 */
export class BreakerGate {
  readonly #breaker: CircuitBreaker;
  readonly #policy: CircuitBreakerPolicy;
  readonly #probe: () => Promise<boolean>;
  readonly #target: string;
  readonly #logger: Logger | undefined;

  constructor(options: {
    readonly policy: CircuitBreakerPolicy;
    /** Resolves true when the service answers SERVING (the half-open probe). */
    readonly probe: () => Promise<boolean>;
    /** The channel target, named in errors and log lines. */
    readonly target: string;
    readonly logger?: Logger | undefined;
    readonly now?: () => number;
  }) {
    this.#policy = options.policy;
    this.#breaker = new CircuitBreaker(options.policy, options.now);
    this.#probe = options.probe;
    this.#target = options.target;
    this.#logger = options.logger;
  }

  /** The breaker's state, for tests and diagnostics. */
  get state(): CircuitBreaker["state"] {
    return this.#breaker.state;
  }

  /** Undefined when a call to `service` may start; otherwise the UNAVAILABLE error to fail it with at once. */
  refuse(service: string): ConnectError | undefined {
    const admission = this.#breaker.admit();
    if (admission === "call") return undefined;
    if (admission === "reject-and-probe") this.#startProbe();
    const next = this.#breaker.state === "open" ? `next probe in ${this.#breaker.msUntilProbe} ms` : "a probe is on its way";
    return new ConnectError(
      `${service} (${this.#target}): not called, circuit breaker open after ${this.#policy.failureThreshold} calls in a row found no replica answering (UNAVAILABLE or DEADLINE_EXCEEDED); ${next}`,
      Code.Unavailable,
    );
  }

  /** An admitted call ended with `code` (0 = OK); calls the caller cancelled are not recorded. */
  record(code: Code | 0): void {
    const before = this.#breaker.state;
    this.#breaker.record(code);
    if (before === "closed" && this.#breaker.state === "open") {
      this.#logger?.warn({ target: this.#target, openMs: this.#policy.openMs }, "circuit breaker open: failing calls fast");
    }
  }

  #startProbe(): void {
    this.#probe().then(
      (healthy) => this.#probeEnded(healthy),
      () => this.#probeEnded(false),
    );
  }

  #probeEnded(healthy: boolean): void {
    this.#breaker.probeEnded(healthy);
    if (healthy) this.#logger?.info({ target: this.#target }, "circuit breaker closed: the probe found the service serving");
    else this.#logger?.debug({ target: this.#target }, "circuit breaker probe failed; open again");
  }
}
