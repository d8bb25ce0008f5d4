import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createRedis, DEFAULT_RATE_LIMITS } from "@shop/bff-kit";
import { silentLogger } from "@shop/grpc-runtime";
import { createFakeServices } from "@shop/bff-testing";
import { afterAll, describe, expect, it } from "vitest";
import { createWebServer } from "../src/server.js";
import { shopData } from "./support/shop-data.js";
import { testConfig } from "./support/web-harness.js";

const REDIS_URL = "redis://127.0.0.1:6379";
const REVOKED_PREFIX = "shop:bff:revoked-session:";

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

/** Resolves once the client is connected (it refuses commands before: no offline queue). */
async function ready(client: Redis): Promise<void> {
  if (client.status === "ready") return;
  await new Promise<void>((resolve) => client.once("ready", () => resolve()));
}

const redisUp = await redisAvailable();

describe.skipIf(!redisUp)(`two web BFF replicas sharing Redis (${redisUp ? REDIS_URL : `skipped: no Redis answers at ${REDIS_URL}`})`, () => {
  const clients: Redis[] = [];
  const sessionIds: string[] = [];
  // The replicas' rate limiters write under a prefix of this test's own.
  const rateLimitPrefix = `test:rl:${randomUUID()}:`;

  afterAll(async () => {
    // The keys this test made (one per ended session, and the limiters'), so nothing is left behind.
    const keys = [...sessionIds.map((id) => `${REVOKED_PREFIX}${id}`), ...(await clients[0]!.keys(`${rateLimitPrefix}*`))];
    if (keys.length > 0) await clients[0]!.del(...keys);
    for (const client of clients) client.disconnect();
  });

  it("when a client logs out through one replica, then the other replica refuses its access token at once", async () => {
    const fakes = createFakeServices(shopData({ orders: 0, linesPerOrder: 0, products: 2 }));
    const replicas = [0, 1].map(() => {
      const redis = createRedis(REDIS_URL);
      clients.push(redis);
      return createWebServer({ clients: fakes.clients, config: testConfig({ rateLimits: { ...DEFAULT_RATE_LIMITS, keyPrefix: rateLimitPrefix } }), logger: silentLogger(), redis });
    });
    await Promise.all(clients.map(ready));
    const gql = async (replica: number, query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await replicas[replica]!.yoga.fetch("http://bff-web.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] };
    };

    const login = await gql(0, "mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken } }", { e: "ada@shop.test", p: "ada-password" });
    const { token, refreshToken } = login.data.login;
    sessionIds.push(refreshToken.slice(0, refreshToken.indexOf(".")));
    expect((await gql(1, "{ viewer { displayName } }", {}, token)).data.viewer).toEqual({ displayName: "Ada" });

    expect((await gql(0, "mutation O($r: String!) { logout(refreshToken: $r) }", { r: refreshToken }, token)).data).toEqual({ logout: true });
    const other = await gql(1, "{ viewer { displayName } }", {}, token);
    expect(other.data.viewer).toBeNull();
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "revoked" });
  }, 30_000);
});
