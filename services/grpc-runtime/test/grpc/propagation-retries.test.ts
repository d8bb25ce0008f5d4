import { Code, ConnectError } from "@connectrpc/connect";
import { UserService } from "@shop/contracts/users/v1";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeClient,
  createClient,
  currentRequestContext,
  runWithRequestContext,
  service,
  startGrpcServer,
  type GrpcServer,
  type RequestContext,
} from "../../src/index.js";
import { ALICE } from "./fake-users.js";

const started: GrpcServer[] = [];
const clients: ReturnType<typeof createClient<typeof UserService>>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) closeClient(c);
  await Promise.all(started.splice(0).map((s) => s.shutdown()));
});

async function serve(impl: Parameters<typeof service<typeof UserService>>[1]): Promise<GrpcServer> {
  const server = await startGrpcServer({ services: [service(UserService, impl)], serving: true });
  started.push(server);
  return server;
}

function client(target: string | string[], options?: Parameters<typeof createClient>[2]) {
  const c = createClient(UserService, target, options);
  clients.push(c);
  return c;
}

describe("metadata propagation", () => {
  it("when a handler calls another service, then request id and traceparent flow on with the caller's name and a capped deadline, but not the user", async () => {
    let seen: RequestContext | undefined;
    let seenTimeout: number | undefined;
    const downstream = await serve({
      getUser(_req, ctx) {
        seen = currentRequestContext();
        seenTimeout = ctx.timeoutMs();
        return { user: ALICE };
      },
    });
    const toDownstream = client(downstream.address, { caller: "orders", defaultTimeoutMs: 30_000 });
    const middle = await serve({
      async getUser(req) {
        return toDownstream.getUser(req);
      },
    });
    const edge = client(middle.address, { caller: "bff-web" });
    const ctx: RequestContext = {
      requestId: "req-42",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      userId: "user-7",
      deadline: Date.now() + 1_500,
    };
    const res = await runWithRequestContext(ctx, () => edge.getUser({ id: ALICE.id }));
    expect(res.user?.id).toBe(ALICE.id);
    expect(seen).toMatchObject({ requestId: "req-42", traceparent: ctx.traceparent, caller: "orders" });
    // A service calling another acts as itself: a user token is good only from the process that signed it.
    expect(seen?.userId).toBeUndefined();
    expect(seenTimeout).toBeLessThanOrEqual(1_500);
  });

  it("when no request context exists, then the server generates a request id", async () => {
    let seen: string | undefined;
    const server = await serve({
      getUser() {
        seen = currentRequestContext()?.requestId;
        return {};
      },
    });
    await client(server.address).getUser({ id: "1" });
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("retries", () => {
  it("when an idempotent read meets UNAVAILABLE, then it is retried until it succeeds; a non-idempotent write is not", async () => {
    let reads = 0;
    let writes = 0;
    const server = await serve({
      getUser() {
        reads++;
        if (reads < 3) throw new ConnectError("try again", Code.Unavailable);
        return { user: ALICE };
      },
      createUser() {
        writes++;
        throw new ConnectError("try again", Code.Unavailable);
      },
    });
    const c = client(server.address, { retry: { maxAttempts: 4, initialBackoffMs: 5, maxBackoffMs: 20 } });
    expect((await c.getUser({ id: ALICE.id })).user?.id).toBe(ALICE.id);
    expect(reads).toBe(3);
    const err = await c.createUser({ email: "a@b.c" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(writes).toBe(1);
  });

  it("when a read fails with a code other than UNAVAILABLE, then it is not retried", async () => {
    let reads = 0;
    const server = await serve({
      getUser() {
        reads++;
        throw new ConnectError("no", Code.NotFound);
      },
    });
    await client(server.address, { retry: { maxAttempts: 4, initialBackoffMs: 5 } }).getUser({ id: "x" }).catch(() => undefined);
    expect(reads).toBe(1);
  });

  it("when retries are exhausted, then the last UNAVAILABLE reaches the caller after maxAttempts", async () => {
    let reads = 0;
    const server = await serve({
      getUser() {
        reads++;
        throw new ConnectError("down", Code.Unavailable);
      },
    });
    const err = await client(server.address, { retry: { maxAttempts: 3, initialBackoffMs: 5 } }).getUser({ id: "x" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect(reads).toBe(3);
  });
});

describe("several addresses", () => {
  it("when a client is given two servers, then calls are spread round-robin over both", async () => {
    const counts = [0, 0];
    const a = await serve({ getUser: () => (counts[0]!++, {}) });
    const b = await serve({ getUser: () => (counts[1]!++, {}) });
    const c = client([a.address, b.address]);
    for (let i = 0; i < 20; i++) await c.getUser({ id: "1" });
    expect(counts[0]! + counts[1]!).toBe(20);
    expect(counts[0]).toBeGreaterThanOrEqual(5);
    expect(counts[1]).toBeGreaterThanOrEqual(5);
  });
});
