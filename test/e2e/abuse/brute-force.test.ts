import { DEMO_LOGIN } from "@shop/service-host/demo";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startE2eSystem, type E2eSystem } from "../support/e2e-system.js";
import { postGraphql } from "../support/graphql-client.js";
import { launchedBffEnv, startBff, type BffName, type BffProcess } from "./support/bff-processes.js";
import { attemptLogin, tally, type LoginOutcome } from "./support/login-attempts.js";
import { deadRedisUrl, deleteKeys, LOCAL_REDIS_URL, uniqueKeyPrefix, withLocalRedis } from "./support/redis-keys.js";

/**
 * Brute force against the login, end to end: the services as `npm start` runs them (mTLS between
 * processes), and BFF processes this file starts itself with short login limits: 5 failures of one
 * email from one address, then that pair is blocked for BLOCK_SECONDS. With the counters in each
 * BFF's memory, in a Redis shared by three BFF processes (two web, one mobile), and with a Redis
 * that is down.
 */

const BLOCK_SECONDS = 4;
const LOGIN_LIMITS = {
  RATE_LIMIT_LOGIN_IP_EMAIL: "5/1m",
  RATE_LIMIT_LOGIN_BLOCK: `${BLOCK_SECONDS}s`,
  RATE_LIMIT_LOGIN_BLOCK_MAX: "1m",
};
const ATTEMPTS = 200;
const WRONG = "not-the-demo-password";

const redisUp = (await withLocalRedis(async () => true)) ?? false;
if (!redisUp) console.warn(`e2e abuse: the Redis tests are skipped: no Redis answers at ${LOCAL_REDIS_URL}`);

let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;
const started: BffProcess[] = [];

beforeAll(async () => {
  e2e = await startE2eSystem();
}, 420_000);

afterAll(async () => {
  await Promise.all(started.map((bff) => bff.stop()));
  await e2e?.close();
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state !== "fail") return;
  for (const bff of started) console.error(`Last output of ${bff.name} at ${bff.base}:\n${bff.output().slice(-4_000)}`);
  if (e2e) console.error(`Last log lines of the system:\n${e2e.logTail(60)}`);
});

/** Starts a BFF of `name` against the launched services with the short login limits and `env`. */
async function bff(name: BffName, env: Record<string, string> = {}): Promise<BffProcess> {
  if (!e2e) throw new Error("the system did not start");
  const process = await startBff(name, { ...launchedBffEnv(e2e.system, name), ...LOGIN_LIMITS, ...env });
  started.push(process);
  return process;
}

/** `ATTEMPTS` wrong logins for the demo user, the i-th through `bffs[i % n]`, one after the other. */
async function bruteForce(bffs: readonly BffProcess[]): Promise<LoginOutcome[]> {
  const outcomes: LoginOutcome[] = [];
  for (let i = 0; i < ATTEMPTS; i++) outcomes.push(await attemptLogin(bffs[i % bffs.length]!, DEMO_LOGIN.email, WRONG));
  return outcomes;
}

/** Checks a brute force's outcomes: 5 wrong-password answers, then only 429 RATE_LIMITED with a Retry-After within the block. */
function expectLimitedAfterFive(outcomes: readonly LoginOutcome[]): void {
  expect(tally(outcomes)).toEqual({ "200 UNAUTHENTICATED": 5, "429 RATE_LIMITED": ATTEMPTS - 5 });
  expect(outcomes.slice(0, 5).every((o) => o.code === "UNAUTHENTICATED")).toBe(true);
  for (const refused of outcomes.slice(5)) {
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(BLOCK_SECONDS);
    expect(refused.retryAfterSeconds).toBe(refused.retryAfter);
  }
}

/** Waits out a refusal's Retry-After (and a little more), as a well-behaved client would. */
async function waitRetryAfter(outcome: LoginOutcome): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, (outcome.retryAfter ?? BLOCK_SECONDS) * 1000 + 500));
}

describe("brute force with the counters in the BFF's memory", () => {
  it("when one address sends 200 wrong logins for one email, then only 5 reach the users service, the rest get 429 with Retry-After, and even the right password is refused until the block is over", async () => {
    const web = await bff("bff-web");
    expectLimitedAfterFive(await bruteForce([web]));
    const right = await attemptLogin(web, DEMO_LOGIN.email, DEMO_LOGIN.password);
    expect(right).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    await waitRetryAfter(right);
    const after = await attemptLogin(web, DEMO_LOGIN.email, DEMO_LOGIN.password);
    expect(after.code).toBeUndefined();
    expect(after.token).toEqual(expect.any(String));
    expect(e2e?.crashes).toEqual([]);
  }, 180_000);
});

describe.skipIf(!redisUp)("brute force against several BFF processes sharing Redis", () => {
  const prefix = uniqueKeyPrefix("brute-force");
  afterAll(() => deleteKeys(prefix));

  it("when 200 wrong logins for one email are spread over two web and one mobile BFF, then the 5 allowed are shared by all three, every BFF refuses the rest and the right password, until the block is over", async () => {
    const shared = { REDIS_URL: LOCAL_REDIS_URL, RATE_LIMIT_PREFIX: prefix };
    const bffs = await Promise.all([bff("bff-web", shared), bff("bff-web", shared), bff("bff-mobile", shared)]);
    expectLimitedAfterFive(await bruteForce(bffs));
    for (const each of bffs) expect(await attemptLogin(each, DEMO_LOGIN.email, DEMO_LOGIN.password)).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    // The block is a counter in Redis under the configured prefix, the email only as a hash.
    const keys = (await withLocalRedis((redis) => redis.keys(`${prefix}*`))) ?? [];
    expect(keys.some((key) => key.startsWith(`${prefix}login-ip-email:`))).toBe(true);
    expect(keys.some((key) => key.includes(DEMO_LOGIN.email))).toBe(false);
    const last = await attemptLogin(bffs[0]!, DEMO_LOGIN.email, DEMO_LOGIN.password);
    await waitRetryAfter(last);
    const after = await attemptLogin(bffs[2]!, DEMO_LOGIN.email, DEMO_LOGIN.password);
    expect(after.code).toBeUndefined();
    expect(after.token).toEqual(expect.any(String));
  }, 240_000);
});

describe("a BFF whose Redis is down", () => {
  it("when Redis cannot be reached, then the BFF still serves, logins are still limited in its memory, and it says it is failing open on the budget", async () => {
    const web = await bff("bff-web", { REDIS_URL: await deadRedisUrl() });
    const products = await postGraphql(web.url, { query: "{ products(first: 2) { edges { node { name } } } }" });
    expect(products.status).toBe(200);
    expect(products.body.data.products.edges).toHaveLength(2);
    expectLimitedAfterFive(await bruteForce([web]));
    expect(web.output()).toMatch(/operation budget store unavailable; failing open/);
  }, 180_000);
});
