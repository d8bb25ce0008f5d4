import { describe, expect, it } from "vitest";
import type { AttemptKey, AttemptLimiter } from "../session-limits.js";
import { blockSecondsOf } from "./attempt-counters.js";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./rate-limit-settings.js";
import { createRateLimits } from "./rate-limits.js";

const quiet = { warn: () => undefined };
const limitsWith = (overrides: Partial<RateLimitSettings> = {}) => createRateLimits({ ...DEFAULT_RATE_LIMITS, ...overrides }, { logger: quiet });

/** The RATE_LIMITED error `attempt` throws, or undefined when it goes through. */
async function refusal(attempt: () => Promise<void>): Promise<{ message: string; extensions: Record<string, unknown> } | undefined> {
  try {
    await attempt();
    return undefined;
  } catch (error) {
    const extensions = (error as { extensions?: Record<string, unknown> }).extensions;
    if (extensions?.["code"] !== "RATE_LIMITED") throw error;
    return error as { message: string; extensions: Record<string, unknown> };
  }
}

/** `count` attempts of `key` that each fail (checked first, as the resolvers do). */
async function failTimes(limiter: AttemptLimiter, key: AttemptKey, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await limiter.check(key);
    await limiter.failed(key);
  }
}

const ada = { ip: "198.51.100.7", email: "ada@shop.test" };

describe("login limits", () => {
  it("when one address fails 5 times for one email, then the 6th attempt is refused RATE_LIMITED for the block, with Retry-After", async () => {
    const { login } = limitsWith().sessionLimitsFor(ada.ip);
    await failTimes(login, ada, 5);
    const refused = await refusal(() => login.check(ada));
    expect(refused?.extensions["retryAfterSeconds"]).toBeGreaterThan(890);
    expect(refused?.extensions["retryAfterSeconds"]).toBeLessThanOrEqual(900);
    expect(refused?.extensions["http"]).toEqual({ status: 429, headers: { "Retry-After": String(refused?.extensions["retryAfterSeconds"]) } });
  });

  it("when the pair is blocked, then even the attempt that would succeed is refused before anything is checked", async () => {
    const { login } = limitsWith().sessionLimitsFor(ada.ip);
    await failTimes(login, ada, 5);
    // The resolver calls check first: the right password never reaches the users service.
    expect(await refusal(() => login.check(ada))).toBeDefined();
    expect(await refusal(() => login.check(ada))).toBeDefined();
  });

  it("when a login succeeds, then the pair's failures are forgotten", async () => {
    const { login } = limitsWith().sessionLimitsFor(ada.ip);
    await failTimes(login, ada, 4);
    await login.check(ada);
    await login.succeeded(ada);
    await failTimes(login, ada, 4);
    expect(await refusal(() => login.check(ada))).toBeUndefined();
  });

  it("when other addresses or emails are blocked, then this pair is not", async () => {
    const { login } = limitsWith().sessionLimitsFor(ada.ip);
    await failTimes(login, ada, 5);
    expect(await refusal(() => login.check({ ip: "198.51.100.8", email: ada.email }))).toBeUndefined();
    expect(await refusal(() => login.check({ ip: ada.ip, email: "grace@shop.test" }))).toBeUndefined();
  });

  it("when one email fails from many addresses, then the per-email limit refuses it from a fresh address too", async () => {
    const { login } = limitsWith({ loginEmail: { points: 6, seconds: 3600 } }).sessionLimitsFor("unused");
    for (let i = 0; i < 6; i++) await failTimes(login, { ip: `203.0.113.${i}`, email: ada.email }, 1);
    expect(await refusal(() => login.check({ ip: "203.0.113.99", email: ada.email }))).toBeDefined();
    expect(await refusal(() => login.check({ ip: "203.0.113.99", email: "grace@shop.test" }))).toBeUndefined();
  });

  it("when one address fails for many emails (slow brute force), then the per-address limit refuses any email from it", async () => {
    const { login } = limitsWith({ loginIp: { points: 8, seconds: 86_400 } }).sessionLimitsFor(ada.ip);
    for (let i = 0; i < 8; i++) await failTimes(login, { ip: ada.ip, email: `user${i}@shop.test` }, 1);
    expect(await refusal(() => login.check({ ip: ada.ip, email: "fresh@shop.test" }))).toBeDefined();
    expect(await refusal(() => login.check({ ip: "198.51.100.9", email: "fresh@shop.test" }))).toBeUndefined();
  });

  it("when successful logins come from one address, then they do not use up its failure limit", async () => {
    const { login } = limitsWith({ loginIp: { points: 3, seconds: 86_400 } }).sessionLimitsFor(ada.ip);
    for (let i = 0; i < 10; i++) {
      const key = { ip: ada.ip, email: `user${i}@shop.test` };
      await login.check(key);
      await login.succeeded(key);
    }
    expect(await refusal(() => login.check(ada))).toBeUndefined();
  });

  it("when 20 attempts arrive at once for a fresh pair, then only 5 go ahead: each is counted before it is checked", async () => {
    const { login } = limitsWith().sessionLimitsFor(ada.ip);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => refusal(() => login.check(ada))));
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(5);
    // The refused ones were given back: after the 5 fail, the pair is blocked, not over-counted into other limits.
    await Promise.all(Array.from({ length: 5 }, () => login.failed(ada)));
    expect(await refusal(() => login.check(ada))).toBeDefined();
    expect(await refusal(() => login.check({ ip: "198.51.100.8", email: ada.email }))).toBeUndefined();
  });

  it("when the pair is blocked again after its first block, then the block is twice as long", async () => {
    const { login } = limitsWith({ loginIpEmail: { points: 2, seconds: 60 }, loginBlockSeconds: 1, loginMaxBlockSeconds: 60 }).sessionLimitsFor(ada.ip);
    await failTimes(login, ada, 2);
    expect((await refusal(() => login.check(ada)))?.extensions["retryAfterSeconds"]).toBe(1);
    await waitUntilAllowed(() => login.check(ada));
    await login.failed(ada);
    await failTimes(login, ada, 1);
    expect((await refusal(() => login.check(ada)))?.extensions["retryAfterSeconds"]).toBe(2);
  });

  it("when blocks are counted, then each lasts twice the one before, up to the longest", () => {
    const escalation = { firstSeconds: 900, maxSeconds: 86_400 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 1000].map((n) => blockSecondsOf(escalation, n))).toEqual([900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400]);
  });
});

describe("sign-up limits", () => {
  it("when one address signs up over and over, then successes count too and the 11th attempt is refused", async () => {
    const { signUp } = limitsWith().sessionLimitsFor(ada.ip);
    for (let i = 0; i < 10; i++) {
      const key = { ip: ada.ip, email: `new${i}@shop.test` };
      await signUp.check(key);
      await signUp.succeeded(key);
    }
    expect(await refusal(() => signUp.check({ ip: ada.ip, email: "one-more@shop.test" }))).toBeDefined();
    expect(await refusal(() => signUp.check({ ip: "198.51.100.8", email: "one-more@shop.test" }))).toBeUndefined();
  });

  it("when one email is tried again and again (probing whether it is taken), then the per-email limit refuses it from any address", async () => {
    const { signUp } = limitsWith().sessionLimitsFor("unused");
    for (let i = 0; i < 5; i++) await failTimes(signUp, { ip: `203.0.113.${i}`, email: ada.email }, 1);
    expect(await refusal(() => signUp.check({ ip: "203.0.113.50", email: ada.email }))).toBeDefined();
  });
});

describe("refresh limits", () => {
  it("when one session is refreshed more than 10 times a minute, then the 11th is refused; another session is not", async () => {
    const limits = limitsWith().sessionLimitsFor(ada.ip);
    for (let i = 0; i < 10; i++) await limits.refresh("session-a");
    expect(await refusal(() => limits.refresh("session-a"))).toBeDefined();
    expect(await refusal(() => limits.refresh("session-b"))).toBeUndefined();
  });

  it("when one address refreshes many sessions, then the per-address limit refuses it; another address is not", async () => {
    const rateLimits = limitsWith({ refreshIp: { points: 4, seconds: 60 } });
    const fromAda = rateLimits.sessionLimitsFor(ada.ip);
    for (let i = 0; i < 4; i++) await fromAda.refresh(`session-${i}`);
    expect(await refusal(() => fromAda.refresh("session-x"))).toBeDefined();
    expect(await refusal(() => rateLimits.sessionLimitsFor("198.51.100.8").refresh("session-y"))).toBeUndefined();
  });

  it("when a hostile session id of a megabyte is refreshed, then it is counted like any other", async () => {
    const limits = limitsWith({ refreshSession: { points: 1, seconds: 60 } }).sessionLimitsFor(ada.ip);
    const hostile = "x".repeat(1_000_000);
    await limits.refresh(hostile);
    expect(await refusal(() => limits.refresh(hostile))).toBeDefined();
  });
});

/** Retries `attempt` every 100 ms until it goes through (a block ending), at most 10 s. */
async function waitUntilAllowed(attempt: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await refusal(attempt)) === undefined) return;
    if (Date.now() > deadline) throw new Error("still refused after 10 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
