import type { Logger } from "pino";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ipLimitKey } from "../http/client-ip.js";
import { rateLimitedError, retryAfterSecondsOf } from "./rate-limited-error.js";

/** Who spends an operation's cost: the signed-in user, if any, and the client's address. */
export interface Spender {
  readonly userId?: string | undefined;
  readonly ip: string;
}

/** The cost budget of GraphQL operations, per signed-in user and per client address. */
export interface OperationBudget {
  /** False when both budgets are off: nothing is counted. */
  readonly enabled: boolean;
  /**
   * Spends `points` from the user's budget (when signed in) and the address's; throws RATE_LIMITED
   * (retry after the longer wait) when either is spent. A refused operation's cost is counted too
   * (each window still ends on time). When the store fails, the operation goes
   * ahead (fail-open), so do the next ones for {@link BUDGET_RETRY_AFTER_FAILURE_MS} without asking
   * it, and a warning is logged at most once a minute.
   */
  charge(spender: Spender, points: number): Promise<void>;
}

/** At most one "failing open" warning per this many milliseconds. */
export const BUDGET_WARNING_INTERVAL_MS = 60_000;

/**
 * After a store failure, how long operations skip the budget without asking the store: a Redis
 * that hangs would otherwise add its command timeout to every operation.
 */
export const BUDGET_RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * A budget over two limiters whose points are cost points (`null` = that budget is off). Why
 * fail-open: the budget protects the BFF's and the services' capacity from one heavy client; while
 * its store is away, refusing every operation would turn a Redis outage into a full outage, and
 * the per-document cost limit still bounds each single operation.
 */
export function createOperationBudget(options: {
  readonly byUser: RateLimiterAbstract | null;
  readonly byIp: RateLimiterAbstract | null;
  readonly logger: Pick<Logger, "warn">;
  /** The clock of the warning interval. @default Date.now */
  readonly now?: () => number;
}): OperationBudget {
  const { byUser, byIp, logger, now = Date.now } = options;
  let lastWarning = Number.NEGATIVE_INFINITY;
  let unchecked = 0;
  let skipUntil = Number.NEGATIVE_INFINITY;
  const failedOpen = (error: unknown): void => {
    unchecked++;
    const at = now();
    skipUntil = at + BUDGET_RETRY_AFTER_FAILURE_MS;
    if (at - lastWarning < BUDGET_WARNING_INTERVAL_MS) return;
    logger.warn({ err: error, uncheckedCharges: unchecked }, "operation budget store unavailable; failing open: operations are served without their cost being counted");
    lastWarning = at;
    unchecked = 0;
  };
  const spend = async (limiter: RateLimiterAbstract | null, key: string, points: number): Promise<number | undefined> => {
    if (limiter === null) return undefined;
    try {
      await limiter.consume(key, points);
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error.msBeforeNext;
      failedOpen(error);
      return undefined;
    }
  };
  return {
    enabled: byUser !== null || byIp !== null,
    async charge(spender, cost) {
      if (now() < skipUntil) {
        unchecked++;
        return;
      }
      // Redis counts whole points; every operation costs at least one.
      const points = Math.max(1, Math.ceil(cost));
      const waits = await Promise.all([
        spender.userId === undefined ? undefined : spend(byUser, spender.userId, points),
        spend(byIp, ipLimitKey(spender.ip), points),
      ]);
      const refused = waits.filter((wait): wait is number => wait !== undefined);
      if (refused.length > 0) throw rateLimitedError(retryAfterSecondsOf(Math.max(...refused)));
    },
  };
}
