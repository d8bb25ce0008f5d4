import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { BUDGET_RETRY_AFTER_FAILURE_MS, BUDGET_WARNING_INTERVAL_MS, createOperationBudget } from "./operation-budget.js";

const memory = (points: number) => new RateLimiterMemory({ points, duration: 60 });
const quiet = { warn: () => undefined };

async function codeOf(attempt: Promise<void>): Promise<string | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code ?? "thrown";
  }
}

describe("operation budget", () => {
  it("when a user spends their budget, then the next operation is RATE_LIMITED; another user on the same address is not", async () => {
    const budget = createOperationBudget({ byUser: memory(100), byIp: memory(10_000), logger: quiet });
    await budget.charge({ userId: "ada", ip: "198.51.100.7" }, 60);
    await budget.charge({ userId: "ada", ip: "198.51.100.7" }, 40);
    expect(await codeOf(budget.charge({ userId: "ada", ip: "198.51.100.7" }, 1))).toBe("RATE_LIMITED");
    expect(await codeOf(budget.charge({ userId: "grace", ip: "198.51.100.7" }, 50))).toBeUndefined();
  });

  it("when an address spends its budget, then every operation from it is refused, signed in or not", async () => {
    const budget = createOperationBudget({ byUser: memory(10_000), byIp: memory(100), logger: quiet });
    await budget.charge({ ip: "198.51.100.7" }, 100);
    expect(await codeOf(budget.charge({ ip: "198.51.100.7" }, 1))).toBe("RATE_LIMITED");
    expect(await codeOf(budget.charge({ userId: "grace", ip: "198.51.100.7" }, 1))).toBe("RATE_LIMITED");
    expect(await codeOf(budget.charge({ ip: "198.51.100.8" }, 1))).toBeUndefined();
  });

  it("when a cost is fractional or zero, then it is charged rounded up, at least one point", async () => {
    const budget = createOperationBudget({ byUser: null, byIp: memory(3), logger: quiet });
    await budget.charge({ ip: "a" }, 0);
    await budget.charge({ ip: "a" }, 1.5);
    expect(await codeOf(budget.charge({ ip: "a" }, 0.1))).toBe("RATE_LIMITED");
  });

  it("when both budgets are off, then the budget says so and charges nothing", async () => {
    const budget = createOperationBudget({ byUser: null, byIp: null, logger: quiet });
    expect(budget.enabled).toBe(false);
    await budget.charge({ userId: "ada", ip: "a" }, 1e9);
  });

  it("when the store fails, then operations go ahead (fail-open), the store is left alone for a while, and one warning a minute says how much went unchecked", async () => {
    let calls = 0;
    const broken = {
      consume: async () => {
        calls++;
        throw new Error("Command timed out");
      },
    } as unknown as RateLimiterAbstract;
    const warnings: Record<string, unknown>[] = [];
    let now = 1_000_000;
    const budget = createOperationBudget({ byUser: broken, byIp: broken, logger: { warn: (fields: Record<string, unknown>) => void warnings.push(fields) }, now: () => now });
    expect(await codeOf(budget.charge({ userId: "ada", ip: "a" }, 10))).toBeUndefined();
    expect(calls).toBe(2);
    // A hung store would cost every operation its timeout: the next ones do not ask it.
    for (let i = 0; i < 4; i++) expect(await codeOf(budget.charge({ userId: "ada", ip: "a" }, 10))).toBeUndefined();
    expect(calls).toBe(2);
    expect(warnings).toHaveLength(1);
    now += BUDGET_RETRY_AFTER_FAILURE_MS;
    await budget.charge({ ip: "a" }, 10);
    expect(calls).toBe(3);
    now += BUDGET_WARNING_INTERVAL_MS;
    await budget.charge({ ip: "a" }, 10);
    expect(warnings).toHaveLength(2);
    // Every unchecked charge since the first warning: the second failure of the first operation,
    // four skipped operations, and two more failures.
    expect(warnings[1]!["uncheckedCharges"]).toBe(7);
  });
});
