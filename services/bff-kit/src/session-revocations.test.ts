import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "./redis.js";
import { failOpenRevocations, REVOCATION_WARNING_INTERVAL_MS } from "./session-revocations-fail-open.js";
import { createRedisSessionRevocations } from "./session-revocations-redis.js";
import { createMemorySessionRevocations, type SessionRevocations } from "./session-revocations.js";
import { createTokenService } from "./tokens.js";

const REDIS_URL = "redis://127.0.0.1:6379";

/** Whether a Redis server answers PING at {@link REDIS_URL} within a second. */
async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("the revocation list in memory", () => {
  it("when a session is revoked, then it is on the list until its retention is over, then forgotten", async () => {
    let clock = Date.UTC(2026, 0, 1, 12);
    const list = createMemorySessionRevocations({ retentionSeconds: 360, now: () => clock });
    await list.revoke(["s-1"]);
    expect(await list.isRevoked("s-1")).toBe(true);
    expect(await list.isRevoked("s-2")).toBe(false);
    clock += 359_000;
    expect(await list.isRevoked("s-1")).toBe(true);
    clock += 1_000;
    expect(await list.isRevoked("s-1")).toBe(false);
  });

  it("when a session is revoked again, then its retention starts over, and older entries still expire in order", async () => {
    let clock = Date.UTC(2026, 0, 1, 12);
    const list = createMemorySessionRevocations({ retentionSeconds: 100, now: () => clock });
    await list.revoke(["s-1", "s-2"]);
    clock += 50_000;
    await list.revoke(["s-1"]);
    clock += 60_000;
    await list.revoke(["s-3"]);
    expect(await list.isRevoked("s-1")).toBe(true);
    expect(await list.isRevoked("s-2")).toBe(false);
    expect(await list.isRevoked("s-3")).toBe(true);
  });
});

describe("the fail-open revocation list", () => {
  const broken: SessionRevocations = {
    revoke: async () => {
      throw new Error("redis is down");
    },
    isRevoked: async () => {
      throw new Error("redis is down");
    },
  };

  it("when the list cannot be read or written, then nothing is revoked, nothing throws, and one warning a minute is logged", async () => {
    let clock = Date.UTC(2026, 0, 1, 12);
    const warnings: unknown[][] = [];
    const list = failOpenRevocations(broken, { warn: (...args: unknown[]) => void warnings.push(args) } as never, () => clock);
    expect(await list.isRevoked("s-1")).toBe(false);
    await list.revoke(["s-1"]);
    expect(await list.isRevoked("s-1")).toBe(false);
    expect(warnings).toHaveLength(1);
    clock += REVOCATION_WARNING_INTERVAL_MS;
    expect(await list.isRevoked("s-1")).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]![0]).toMatchObject({ suppressedSinceLastWarning: 2 });
    expect(String(warnings[1]![1])).toMatch(/failing open/);
  });

  it("when the list works, then its answers pass through", async () => {
    const list = failOpenRevocations(createMemorySessionRevocations({ retentionSeconds: 60 }), { warn: () => undefined } as never);
    await list.revoke(["s-1"]);
    expect(await list.isRevoked("s-1")).toBe(true);
    expect(await list.isRevoked("s-2")).toBe(false);
  });

  it("when Redis does not answer, then a valid access token is still accepted (fail open) and logout does not fail", async () => {
    const client = createRedis(`redis://127.0.0.1:${await closedPort()}`, { commandTimeoutMs: 200 });
    try {
      const warnings: unknown[] = [];
      const revocations = failOpenRevocations(createRedisSessionRevocations(client, { retentionSeconds: 360 }), { warn: (...args: unknown[]) => void warnings.push(args) } as never);
      const tokens = createTokenService({ secret: "a-test-secret-that-is-at-least-32-bytes-long", revocations });
      const { token } = await tokens.sign({ userId: "user-7", sessionId: "session-1" });
      expect(await tokens.authenticate(`Bearer ${token}`)).toEqual({ kind: "viewer", viewer: { userId: "user-7", sessionId: "session-1" } });
      await expect(tokens.revoke(["session-1"])).resolves.toBeUndefined();
      expect(warnings.length).toBeGreaterThanOrEqual(1);
    } finally {
      client.disconnect();
    }
  }, 20_000);
});

const redisUp = await redisAvailable();

describe.skipIf(!redisUp)(`the revocation list in Redis (${redisUp ? REDIS_URL : `skipped: no Redis answers at ${REDIS_URL}`})`, () => {
  const keyPrefix = `test:revoked-session:${randomUUID()}:`;
  const client = createRedis(REDIS_URL);
  const reader = createRedis(REDIS_URL);

  afterAll(async () => {
    const keys = await client.keys(`${keyPrefix}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
    reader.disconnect();
  });

  it("when one replica revokes a session, then another replica's list sees it, with the retention as the key's TTL", async () => {
    const writer = createRedisSessionRevocations(client, { retentionSeconds: 360, keyPrefix });
    const otherReplica = createRedisSessionRevocations(reader, { retentionSeconds: 360, keyPrefix });
    await waitReady(client);
    await waitReady(reader);
    expect(await otherReplica.isRevoked("s-1")).toBe(false);
    await writer.revoke(["s-1", "s-2"]);
    expect(await otherReplica.isRevoked("s-1")).toBe(true);
    expect(await otherReplica.isRevoked("s-2")).toBe(true);
    expect(await otherReplica.isRevoked("s-3")).toBe(false);
    const ttl = await client.ttl(`${keyPrefix}s-1`);
    expect(ttl).toBeGreaterThan(300);
    expect(ttl).toBeLessThanOrEqual(360);
  }, 20_000);
});

/** Resolves once the client is connected (commands are refused before: no offline queue). */
async function waitReady(client: Redis): Promise<void> {
  if (client.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis client not ready: ${client.status}`)), 10_000);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
