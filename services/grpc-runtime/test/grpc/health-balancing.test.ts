import { UserService } from "@shop/contracts/users/v1";
import { afterEach, describe, expect, it } from "vitest";
import { closeClient, createClient, service, startGrpcServer, type GrpcServer } from "../../src/index.js";

/**
 * Clients watch each replica's grpc.health.v1 status and leave out the ones that report
 * NOT_SERVING (a draining server does, before it sends GOAWAY), unless none is left.
 */

const servers: GrpcServer[] = [];
const clients: ReturnType<typeof createClient<typeof UserService>>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) closeClient(c);
  await Promise.all(servers.splice(0).map((s) => s.shutdown()));
});

async function replica(name: string, serving = true): Promise<GrpcServer> {
  const server = await startGrpcServer({
    services: [service(UserService, { getUser: (req) => ({ user: { id: req.id, displayName: name } }) })],
    serving,
    drainNoticeMs: 0,
    shutdownGraceMs: 1_000,
  });
  servers.push(server);
  return server;
}

async function answersOf(client: ReturnType<typeof createClient<typeof UserService>>, calls: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < calls; i++) {
    const name = (await client.getUser({ id: "u" })).user?.displayName ?? "?";
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("health-aware round robin", () => {
  it("when a replica reports NOT_SERVING, then calls go to the others; when it serves again, it gets its share back", async () => {
    const a = await replica("a");
    const b = await replica("b");
    const client = createClient(UserService, [a.address, b.address]);
    clients.push(client);
    expect(Object.keys(await answersOf(client, 20)).sort()).toEqual(["a", "b"]);

    a.setServing(false);
    await eventually(async () => (await answersOf(client, 4)).a === undefined);
    expect(await answersOf(client, 40)).toEqual({ b: 40 });

    a.setServing(true);
    await eventually(async () => (await answersOf(client, 4)).a !== undefined);
    const shares = await answersOf(client, 40);
    expect(shares.a).toBe(20);
    expect(shares.b).toBe(20);
  });

  it("when a replica listens but has not said SERVING yet (it is starting), then it gets no call until it does", async () => {
    const ready = await replica("ready");
    const starting = await replica("starting", false);
    const client = createClient(UserService, [ready.address, starting.address]);
    clients.push(client);
    await eventually(async () => (await answersOf(client, 4)).starting === undefined);
    expect(await answersOf(client, 40)).toEqual({ ready: 40 });
    starting.setServing(true);
    await eventually(async () => (await answersOf(client, 4)).starting !== undefined);
  });

  it("when every replica reports NOT_SERVING, then calls still reach them rather than failing", async () => {
    const a = await replica("a");
    const b = await replica("b");
    const client = createClient(UserService, [a.address, b.address]);
    clients.push(client);
    await answersOf(client, 4);
    a.setServing(false);
    b.setServing(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(Object.keys(await answersOf(client, 20)).sort()).toEqual(["a", "b"]);
  });

  it("when a replica drains, then the client has moved its calls away before the GOAWAY", async () => {
    const a = await replica("a");
    const b = await startGrpcServer({
      services: [service(UserService, { getUser: (req) => ({ user: { id: req.id, displayName: "b" } }) })],
      serving: true,
      drainNoticeMs: 300,
      shutdownGraceMs: 2_000,
    });
    servers.push(b);
    const client = createClient(UserService, [a.address, b.address]);
    clients.push(client);
    await answersOf(client, 4);
    const draining = b.shutdown();
    // During the notice b still answers, but the client already sends everything to a.
    await new Promise((r) => setTimeout(r, 150));
    expect(await answersOf(client, 20)).toEqual({ a: 20 });
    await draining;
  });
});
