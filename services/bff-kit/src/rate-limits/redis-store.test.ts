import { randomUUID } from "node:crypto";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../redis.js";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./rate-limit-settings.js";
import { createRateLimits } from "./rate-limits.js";

/**
 * The limits over a real Redis (127.0.0.1:6379; skipped without one): shared between "processes"
 * (two clients), and what each limit does when Redis is down from the start, dies half-way or hangs.
 */

const REDIS_PORT = 6379;
const PREFIX = `test:rl:${randomUUID()}:`;

async function redisAnswers(): Promise<boolean> {
  const client = new Redis({ port: REDIS_PORT, host: "127.0.0.1", lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const available = await redisAnswers();
if (!available) console.warn(`redis-store.test: skipped: no Redis answers on 127.0.0.1:${REDIS_PORT}`);

/**
 * A TCP relay in front of the real Redis that a test can kill (connections cut, port refused),
 * revive on the same port, or freeze (connections stay open, nothing is relayed: a hung Redis).
 */
class RedisRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private frozen = false;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(REDIS_PORT, "127.0.0.1");
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.on("data", (chunk) => this.frozen || upstream.write(chunk));
      upstream.on("data", (chunk) => this.frozen || client.write(chunk));
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async kill(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  freeze(): void {
    this.frozen = true;
  }
}

const clients: Redis[] = [];
function client(port = REDIS_PORT): Redis {
  const redis = createRedis(`redis://127.0.0.1:${port}`);
  clients.push(redis);
  return redis;
}

async function ready(redis: Redis): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (redis.status !== "ready") {
    if (Date.now() > deadline) throw new Error(`Redis client still ${redis.status} after 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const relays: RedisRelay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.kill();
});

afterAll(async () => {
  if (available) {
    const cleaner = client();
    await ready(cleaner);
    const keys = await cleaner.keys(`${PREFIX}*`);
    if (keys.length > 0) await cleaner.del(...keys);
  }
  for (const redis of clients) redis.disconnect();
});

const settings = (overrides: Partial<RateLimitSettings> = {}): RateLimitSettings => ({ ...DEFAULT_RATE_LIMITS, keyPrefix: PREFIX, ...overrides });
const quiet = { warn: () => undefined };
const key = (label: string) => ({ ip: "198.51.100.7", email: `${label}-${randomUUID()}@shop.test` });

async function isRefused(attempt: () => Promise<void>): Promise<boolean> {
  try {
    await attempt();
    return false;
  } catch (error) {
    if ((error as { extensions?: { code?: string } }).extensions?.code === "RATE_LIMITED") return true;
    throw error;
  }
}

async function fail(limits: ReturnType<typeof createRateLimits>, attempt: { ip: string; email: string }, times: number): Promise<void> {
  const { login } = limits.sessionLimitsFor(attempt.ip);
  for (let i = 0; i < times; i++) {
    await login.check(attempt);
    await login.failed(attempt);
  }
}

describe.skipIf(!available)("rate limits in Redis", () => {
  beforeAll(async () => {
    await Promise.all([client(), client()].map(ready));
  });

  it("when two BFF processes share Redis, then failures counted by one block the pair at the other", async () => {
    const [a, b] = [client(), client()];
    await Promise.all([ready(a), ready(b)]);
    const web = createRateLimits(settings(), { redis: a, logger: quiet });
    const mobile = createRateLimits(settings(), { redis: b, logger: quiet });
    expect(web.store).toBe("redis");
    const ada = key("shared");
    await fail(web, ada, 5);
    expect(await isRefused(() => mobile.sessionLimitsFor(ada.ip).login.check(ada))).toBe(true);
    // The store holds hashes, not the email.
    const keys = await a.keys(`${PREFIX}*`);
    expect(keys.some((k) => k.startsWith(`${PREFIX}login-ip-email:198.51.100.7|`))).toBe(true);
    expect(keys.some((k) => k.includes("@"))).toBe(false);
  });

  it("when two processes share Redis, then the operation budget of an address is spent once across both", async () => {
    const [a, b] = [client(), client()];
    await Promise.all([ready(a), ready(b)]);
    const budget = { operationsIp: { points: 10_000, seconds: 60 } };
    const one = createRateLimits(settings(budget), { redis: a, logger: quiet });
    const two = createRateLimits(settings(budget), { redis: b, logger: quiet });
    const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
    await one.operations.charge({ ip }, 6_000);
    expect(await isRefused(() => two.operations.charge({ ip }, 6_000))).toBe(true);
  });

  it("when Redis is down from the start, then login is still limited per process (insurance) and operations are served (fail-open) with a warning", async () => {
    const dead = new RedisRelay();
    await dead.start();
    await dead.kill();
    const warnings: unknown[] = [];
    const limits = createRateLimits(settings({ operationsIp: { points: 10_000, seconds: 60 } }), { redis: client(dead.port), logger: { warn: (w: unknown) => void warnings.push(w) } });
    const ada = key("down");
    await fail(limits, ada, 5);
    expect(await isRefused(() => limits.sessionLimitsFor(ada.ip).login.check(ada))).toBe(true);
    for (let i = 0; i < 3; i++) await limits.operations.charge({ ip: "198.51.100.7" }, 9_000);
    expect(warnings).toHaveLength(1);
  });

  it("when Redis dies half-way, then the limits carry on in memory, and count in Redis again once it is back", async () => {
    const relay = new RedisRelay();
    relays.push(relay);
    await relay.start();
    const redis = client(relay.port);
    await ready(redis);
    const limits = createRateLimits(settings(), { redis, logger: quiet });
    const ada = key("dies");
    await fail(limits, ada, 3);
    await relay.kill();
    // Memory knows nothing of the 3 failures in Redis: up to 5 more, then the pair is refused anyway.
    await fail(limits, ada, 5);
    expect(await isRefused(() => limits.sessionLimitsFor(ada.ip).login.check(ada))).toBe(true);
    await relay.start();
    await ready(redis);
    // Back on Redis, whose count (3) never saw the outage: two more failures block the pair.
    const other = createRateLimits(settings(), { redis: client(), logger: quiet });
    await fail(limits, ada, 2);
    expect(await isRefused(() => other.sessionLimitsFor(ada.ip).login.check(ada))).toBe(true);
  });

  it("when Redis hangs (connected, never answering), then each call gives up after the command timeout and the insurance decides", async () => {
    const relay = new RedisRelay();
    relays.push(relay);
    await relay.start();
    const redis = client(relay.port);
    await ready(redis);
    const limits = createRateLimits(settings(), { redis, logger: quiet });
    relay.freeze();
    const ada = key("hangs");
    await fail(limits, ada, 5);
    expect(await isRefused(() => limits.sessionLimitsFor(ada.ip).login.check(ada))).toBe(true);
    await limits.operations.charge({ ip: ada.ip }, 10);
  }, 60_000);
});
