import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { AttemptKey, AttemptLimiter, SessionLimits } from "../session-limits.js";
import { ipLimitKey } from "../http/client-ip.js";
import { createAttemptLimiter } from "./attempt-counters.js";
import { memoryLimiterStore, redisLimiterStore, type LimiterStore } from "./limiter-store.js";
import { createOperationBudget, type OperationBudget } from "./operation-budget.js";
import { rateLimitedError, retryAfterSecondsOf } from "./rate-limited-error.js";
import type { RateLimitSettings } from "./rate-limit-settings.js";

/** Every rate limit of one BFF process, over one store. */
export interface RateLimits {
  /** "memory" (per process) or "redis" (shared by every BFF of the deployment). */
  readonly store: LimiterStore["kind"];
  /** The session limits as one request sees them: `refresh` counts against `clientIp` too. */
  sessionLimitsFor(clientIp: string): SessionLimits;
  /** The cost budget of GraphQL operations per user and per address. */
  readonly operations: OperationBudget;
}

/** What {@link createRateLimits} needs besides the numbers. */
export interface RateLimitsOptions {
  /** The process's Redis client: counters are shared through it. @default none: in memory */
  readonly redis?: Redis | undefined;
  /** Where the operation budget says it is failing open. */
  readonly logger: Pick<Logger, "warn">;
}

/**
 * The limits of one BFF process. With a Redis client every counter lives in Redis under
 * `settings.keyPrefix`, so web and mobile BFFs and all their replicas share them; without one, in
 * memory. Failure policy while Redis is unreachable (see {@link LimiterStore}): login, signUp and
 * refresh fall back to counters in this process's memory (still limited, per process); the
 * operation budget fails open (serves, logs a warning at most once a minute).
 */
export function createRateLimits(settings: RateLimitSettings, options: RateLimitsOptions): RateLimits {
  const store = options.redis ? redisLimiterStore(options.redis, settings.keyPrefix) : memoryLimiterStore();
  const login = loginLimiter(store, settings);
  const signUp = signUpLimiter(store, settings);
  const refreshBySession = store.limiter("refresh-session", settings.refreshSession, "insured");
  const refreshByIp = store.limiter("refresh-ip", settings.refreshIp, "insured");
  const operations = createOperationBudget({
    byUser: settings.operationsUser === null ? null : store.limiter("operations-user", settings.operationsUser, "open"),
    byIp: settings.operationsIp === null ? null : store.limiter("operations-ip", settings.operationsIp, "open"),
    logger: options.logger,
  });
  const refresh = async (sessionId: string, clientIp: string): Promise<void> => {
    // A session id is the caller's text until the users service has checked it: hashed, so a
    // hostile one cannot bloat keys.
    await Promise.all([consumeOrRefuse(refreshBySession, digest(sessionId)), consumeOrRefuse(refreshByIp, ipLimitKey(clientIp))]);
  };
  return {
    store: store.kind,
    sessionLimitsFor: (clientIp) => ({ login, signUp, refresh: (sessionId) => refresh(sessionId, clientIp) }),
    operations,
  };
}

/**
 * Login: consecutive failures per ip+email (the last allowed one blocks the pair, longer at each
 * block: exponential slowdown), failures per email from any address, and per address for any
 * email (slow brute force over many accounts). A success resets the pair and gives back its
 * attempt to the other two.
 */
function loginLimiter(store: LimiterStore, settings: RateLimitSettings): AttemptLimiter {
  const escalation = {
    // Blocks are remembered for twice the longest block, so the doubling outlives each block.
    blocks: store.limiter("login-blocks", { points: Number.MAX_SAFE_INTEGER, seconds: Math.min(2 * settings.loginMaxBlockSeconds, 60 * 86_400) }, "insured"),
    firstSeconds: settings.loginBlockSeconds,
    maxSeconds: settings.loginMaxBlockSeconds,
  };
  return createAttemptLimiter([
    { limiter: store.limiter("login-ip-email", settings.loginIpEmail, "insured"), keyOf: pairKey, onSuccess: "reset", escalation },
    { limiter: store.limiter("login-email", settings.loginEmail, "insured"), keyOf: emailKey, onSuccess: "refund" },
    { limiter: store.limiter("login-ip", settings.loginIp, "insured"), keyOf: ipKey, onSuccess: "refund" },
  ]);
}

/**
 * SignUp: attempts per address, successes included (accounts created in bulk), and failures per
 * email (probing which emails are taken).
 */
function signUpLimiter(store: LimiterStore, settings: RateLimitSettings): AttemptLimiter {
  return createAttemptLimiter([
    { limiter: store.limiter("signup-ip", settings.signUpIp, "insured"), keyOf: ipKey, onSuccess: "keep" },
    { limiter: store.limiter("signup-email", settings.signUpEmail, "insured"), keyOf: emailKey, onSuccess: "refund" },
  ]);
}

const ipKey = (attempt: AttemptKey): string => ipLimitKey(attempt.ip);
// Emails are hashed: the store holds no addresses, and a hostile long one makes a short key.
const emailKey = (attempt: AttemptKey): string => digest(attempt.email);
const pairKey = (attempt: AttemptKey): string => `${ipKey(attempt)}|${emailKey(attempt)}`;

/** A short, fixed-length key for text a client chose. */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/** Takes one point of `key`, or throws RATE_LIMITED when none is left. */
async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimitedError(retryAfterSecondsOf(error.msBeforeNext));
    throw error;
  }
}
