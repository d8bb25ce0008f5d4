import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { createRedis } from "@shop/bff-kit";

/** The Redis every development and CI machine runs (see DESIGN.md). */
export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";

/** A key prefix no other run shares, so parallel or repeated runs never see each other's counters. */
export function uniqueKeyPrefix(label: string): string {
  return `e2e:rl:${label}:${randomUUID()}:`;
}

/**
 * Runs `work` with a client of the local Redis once it is connected; undefined (and `work` is not
 * run) when no Redis answers within a few seconds.
 */
export async function withLocalRedis<T>(work: (redis: ReturnType<typeof createRedis>) => Promise<T>): Promise<T | undefined> {
  const redis = createRedis(LOCAL_REDIS_URL);
  try {
    const deadline = Date.now() + 3_000;
    while (redis.status !== "ready") {
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (the test's own counters). */
export async function deleteKeys(prefix: string): Promise<void> {
  await withLocalRedis(async (redis) => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });
}

/** A Redis URL on a port where nothing listens: a Redis that is down. */
export async function deadRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `redis://127.0.0.1:${port}`;
}
