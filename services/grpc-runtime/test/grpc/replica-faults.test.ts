import { Code } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { afterEach, describe, expect, it } from "vitest";
import { closeClient, createClient, createLogger } from "../../src/index.js";
import { memoryLog } from "./memory-log.js";
import { closedLoop, killReplicas, quantile, sleep, startReplica, stopReplica, type Replica } from "./replica-processes.js";

/**
 * Replicas as separate processes behind one client (round-robin over their addresses), under a
 * closed loop of 8 callers, while one of them is killed, frozen or restarted.
 */

const replicas: Replica[] = [];
const clients: ReturnType<typeof createClient<typeof UserService>>[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) closeClient(c);
  killReplicas(replicas.splice(0));
});

async function start(count: number, delayMs: number): Promise<Replica[]> {
  const started = await Promise.all(Array.from({ length: count }, () => startReplica({ delayMs })));
  replicas.push(...started);
  return started;
}

function clientOf(running: readonly Replica[], options: Parameters<typeof createClient>[2] = {}) {
  const client = createClient(UserService, running.map((r) => r.address), options);
  clients.push(client);
  return client;
}

describe("a replica killed with SIGKILL", () => {
  it("when one of three dies under load, then the calls it held are retried on another replica and none fails", async () => {
    const running = await start(3, 20);
    const log = memoryLog();
    const client = clientOf(running, { logger: createLogger("test", { level: "debug", destination: log.stream }) });
    const loop = closedLoop(8, async () => (await client.getUser({ id: "u" }, { timeoutMs: 2_000 })).user?.displayName);
    await sleep(1_000);
    const killedAt = loop.now();
    running[0]!.child.kill("SIGKILL");
    await sleep(1_500);
    const records = await loop.stop();

    expect(records.filter((r) => r.code !== undefined)).toEqual([]);
    const retried = log.lines().filter((l) => l.msg === "rpc call" && (l.attempts as number) > 1);
    expect(retried.length, "calls in flight on the killed replica needed a second attempt").toBeGreaterThan(0);
    expect(retried.every((l) => l.code === "OK")).toBe(true);
    expect(records.filter((r) => r.startMs > killedAt && r.by === running[0]!.address)).toEqual([]);
    expect(new Set(records.filter((r) => r.startMs > killedAt).map((r) => r.by))).toEqual(new Set([running[1]!.address, running[2]!.address]));
  }, 30_000);
});

describe("a replica that hangs (SIGSTOP)", () => {
  it("when one of three freezes, then within about a second it gets no more calls, and no call fails", async () => {
    const running = await start(3, 5);
    const client = clientOf(running);
    const loop = closedLoop(8, async () => (await client.getUser({ id: "u" }, { timeoutMs: 2_000 })).user?.displayName);
    await sleep(1_000);
    const frozenAt = loop.now();
    running[0]!.child.kill("SIGSTOP");
    await sleep(3_000);
    const records = await loop.stop();
    running[0]!.child.kill("SIGCONT");

    expect(records.filter((r) => r.code !== undefined)).toEqual([]);
    // A call that picked the frozen replica would wait for its keepalive to fail (up to 1 s).
    const later = records.filter((r) => r.startMs > frozenAt + 1_100);
    expect(later.length).toBeGreaterThan(50);
    expect(Math.max(...later.map((r) => r.ms)), "calls started 1.1 s after the freeze").toBeLessThan(500);
  }, 30_000);

  it("when the only replica freezes, then once the breaker opens calls fail at once with UNAVAILABLE, and after SIGCONT they succeed again", async () => {
    const [only] = await start(1, 5);
    const client = clientOf([only!], { circuitBreaker: { failureThreshold: 5, openMs: 500 } });
    const loop = closedLoop(8, async () => (await client.getUser({ id: "u" }, { timeoutMs: 1_000 })).user?.displayName, { pauseMs: 5 });
    await sleep(500);
    const frozenAt = loop.now();
    only!.child.kill("SIGSTOP");
    await sleep(3_000);
    only!.child.kill("SIGCONT");
    const resumedAt = loop.now();
    await sleep(2_500);
    const records = await loop.stop();

    const first = records.filter((r) => r.startMs > frozenAt && r.startMs < frozenAt + 200);
    expect(first.every((r) => r.code === Code.DeadlineExceeded || r.code === Code.Unavailable)).toBe(true);
    const open = records.filter((r) => r.startMs > frozenAt + 1_500 && r.startMs < resumedAt);
    expect(open.length).toBeGreaterThan(50);
    expect(open.every((r) => r.code === Code.Unavailable && /circuit breaker open/.test(r.message ?? ""))).toBe(true);
    expect(quantile(open.map((r) => r.ms), 0.99), "p99 of refused calls (ms)").toBeLessThan(50);
    const recovered = records.filter((r) => r.startMs > resumedAt + 1_500);
    expect(recovered.length).toBeGreaterThan(20);
    expect(recovered.every((r) => r.by === only!.address)).toBe(true);
  }, 30_000);
});

describe("a rolling restart (SIGTERM, drain, start again on the same port)", () => {
  it("when each of two replicas is restarted in turn under load, then no call fails, not even one that is never retried", async () => {
    const running = await start(2, 60);
    const client = clientOf(running);
    let n = 0;
    // Every other call is CreateUser, which has no idempotency level: a client never retries it.
    const loop = closedLoop(8, async () =>
      ++n % 2 === 0
        ? (await client.createUser({ email: `u${n}@example.com` }, { timeoutMs: 2_000 })).user?.displayName
        : (await client.getUser({ id: "u" }, { timeoutMs: 2_000 })).user?.displayName,
    );
    await sleep(500);
    for (let i = 0; i < running.length; i++) {
      await stopReplica(running[i]!);
      running[i] = await startReplica({ port: running[i]!.port, delayMs: 60 });
      replicas.push(running[i]!);
      await sleep(1_500); // the client reconnects within its 1 s reconnect backoff
    }
    const restartedAt = loop.now();
    await sleep(1_000);
    const records = await loop.stop();

    expect(records.filter((r) => r.code !== undefined)).toEqual([]);
    expect(records.length).toBeGreaterThan(100);
    expect(new Set(records.filter((r) => r.startMs > restartedAt).map((r) => r.by))).toEqual(new Set(running.map((r) => r.address)));
  }, 60_000);
});
