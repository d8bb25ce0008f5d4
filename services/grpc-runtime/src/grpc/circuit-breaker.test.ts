import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, circuitBreakerPolicyOf } from "./circuit-breaker.js";

/** A breaker over a clock the test moves by hand: no sleeps. */
function breakerAt(options: Parameters<typeof circuitBreakerPolicyOf>[0] = {}) {
  const clock = { now: 1_000_000 };
  const breaker = new CircuitBreaker(circuitBreakerPolicyOf(options)!, () => clock.now);
  return { breaker, clock };
}

function failTimes(breaker: CircuitBreaker, times: number, code: Code = Code.Unavailable): void {
  for (let i = 0; i < times; i++) {
    expect(breaker.admit()).toBe("call");
    breaker.record(code);
  }
}

describe("CircuitBreaker", () => {
  it("when fewer calls than the threshold fail in a row, then it stays closed; a success resets the count", () => {
    const { breaker } = breakerAt({ failureThreshold: 3 });
    failTimes(breaker, 2, Code.DeadlineExceeded);
    expect(breaker.consecutiveFailures).toBe(2);
    breaker.record(0);
    failTimes(breaker, 2);
    expect(breaker.state).toBe("closed");
    expect(breaker.admit()).toBe("call");
  });

  it("when a call ends with an answer that is an error (NOT_FOUND, INTERNAL…), then it counts as the service answering", () => {
    const { breaker } = breakerAt({ failureThreshold: 2 });
    failTimes(breaker, 1);
    breaker.record(Code.NotFound);
    failTimes(breaker, 1);
    breaker.record(Code.Internal);
    failTimes(breaker, 1);
    expect(breaker.state).toBe("closed");
  });

  it("when the threshold of UNAVAILABLE or DEADLINE_EXCEEDED in a row is reached, then calls are refused until the cool-down is over", () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 3, openMs: 500 });
    failTimes(breaker, 2, Code.DeadlineExceeded);
    failTimes(breaker, 1, Code.Unavailable);
    expect(breaker.state).toBe("open");
    expect(breaker.admit()).toBe("reject");
    clock.now += 499;
    expect(breaker.msUntilProbe).toBe(1);
    expect(breaker.admit()).toBe("reject");
  });

  it("when the cool-down is over, then exactly one probe is started and every call is still refused while it runs", () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, openMs: 500 });
    failTimes(breaker, 1);
    clock.now += 500;
    expect(breaker.admit()).toBe("reject-and-probe");
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()).toBe("reject");
    clock.now += 10_000;
    expect(breaker.admit()).toBe("reject");
  });

  it("when the probe succeeds, then it closes and counts failures from zero again", () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 2, openMs: 100 });
    failTimes(breaker, 2);
    clock.now += 100;
    breaker.admit();
    breaker.probeEnded(true);
    expect(breaker.state).toBe("closed");
    expect(breaker.consecutiveFailures).toBe(0);
    failTimes(breaker, 1);
    expect(breaker.state).toBe("closed");
  });

  it("when the probe fails, then it is open for a whole new cool-down", () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, openMs: 100 });
    failTimes(breaker, 1);
    clock.now += 150;
    expect(breaker.admit()).toBe("reject-and-probe");
    clock.now += 900; // the probe took its whole timeout
    breaker.probeEnded(false);
    expect(breaker.state).toBe("open");
    expect(breaker.msUntilProbe).toBe(100);
    clock.now += 99;
    expect(breaker.admit()).toBe("reject");
    clock.now += 1;
    expect(breaker.admit()).toBe("reject-and-probe");
  });

  it("when calls admitted before it opened end later, then their outcomes change nothing: only the probe closes it", () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, openMs: 100 });
    failTimes(breaker, 1);
    breaker.record(0);
    expect(breaker.state).toBe("open");
    clock.now += 100;
    breaker.admit();
    breaker.record(0);
    breaker.record(Code.Unavailable);
    expect(breaker.state).toBe("half-open");
    breaker.probeEnded(false);
    breaker.probeEnded(true); // a second answer for the same probe is ignored
    expect(breaker.state).toBe("open");
  });

  it("when it is given nonsense settings, then it says which one", () => {
    expect(() => circuitBreakerPolicyOf({ failureThreshold: 0 })).toThrow(/failureThreshold/);
    expect(() => circuitBreakerPolicyOf({ failureThreshold: 2.5 })).toThrow(/failureThreshold/);
    expect(() => circuitBreakerPolicyOf({ openMs: -1 })).toThrow(/openMs/);
    expect(() => circuitBreakerPolicyOf({ probeTimeoutMs: Number.NaN })).toThrow(/probeTimeoutMs/);
    expect(circuitBreakerPolicyOf(false)).toBeUndefined();
    expect(circuitBreakerPolicyOf(undefined)).toEqual({ failureThreshold: 5, openMs: 1_000, probeTimeoutMs: 1_000 });
  });
});
