import { Code, ConnectError } from "@connectrpc/connect";
import { credentials, makeGenericClientConstructor, type Client, type ClientReadableStream } from "@grpc/grpc-js";
import { UserService } from "@shop/contracts/users/v1";
import { service as healthDefinition } from "grpc-health-check";
import { afterEach, describe, expect, it } from "vitest";
import { closeClient, createClient, service, startGrpcServer, type GrpcServer } from "../../src/index.js";
import { ALICE } from "./fake-users.js";

type HealthClient = Client & {
  check(req: { service: string }, cb: (err: Error | null, res?: { status: string }) => void): void;
  watch(req: { service: string }): ClientReadableStream<{ status: string }>;
};
const HealthClientCtor = makeGenericClientConstructor(healthDefinition, "Health");

function healthClient(address: string): HealthClient {
  return new HealthClientCtor(address, credentials.createInsecure()) as unknown as HealthClient;
}

function check(client: HealthClient, name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    client.check({ service: name }, (err, res) => (err ? reject(err) : resolve(res!.status))),
  );
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function startUsers(options: { shutdownGraceMs?: number; slowMs?: number } = {}): Promise<GrpcServer> {
  const server = await startGrpcServer({
    services: [
      service(UserService, {
        async getUser() {
          await new Promise((r) => setTimeout(r, options.slowMs ?? 0));
          return { user: ALICE };
        },
      }),
    ],
    shutdownGraceMs: options.shutdownGraceMs ?? 5_000,
  });
  cleanups.push(() => server.shutdown());
  return server;
}

describe("health", () => {
  it("when a server starts, then it is NOT_SERVING until setServing(true), and NOT_SERVING again on shutdown", async () => {
    const server = await startUsers();
    const health = healthClient(server.address);
    cleanups.push(() => health.close());
    expect(await check(health, "")).toBe("NOT_SERVING");
    expect(await check(health, "shop.users.v1.UserService")).toBe("NOT_SERVING");

    const seen: string[] = [];
    const watch = health.watch({ service: "shop.users.v1.UserService" });
    watch.on("data", (m) => seen.push(m.status));
    watch.on("error", () => undefined);
    await new Promise((r) => setTimeout(r, 50));

    server.setServing(true);
    expect(await check(health, "")).toBe("SERVING");
    expect(await check(health, "shop.users.v1.UserService")).toBe("SERVING");
    await new Promise((r) => setTimeout(r, 50));

    await server.shutdown();
    expect(seen).toEqual(["NOT_SERVING", "SERVING", "NOT_SERVING"]);
  });

  it("when asked about an unknown service, then Check answers NOT_FOUND", async () => {
    const server = await startUsers();
    const health = healthClient(server.address);
    cleanups.push(() => health.close());
    const err = await check(health, "nope.v1.Nope").catch((e: { code: number }) => e);
    expect((err as { code: number }).code).toBe(Code.NotFound);
  });
});

describe("graceful shutdown", () => {
  it("when shutdown starts during a call, then the call finishes and later calls are refused", async () => {
    const server = await startUsers({ slowMs: 300 });
    const client = createClient(UserService, server.address, { retry: false });
    cleanups.push(() => closeClient(client));
    await client.getUser({ id: "warm-up" });
    const inFlight = client.getUser({ id: ALICE.id });
    await new Promise((r) => setTimeout(r, 50));
    const stopping = server.shutdown();
    expect((await inFlight).user?.id).toBe(ALICE.id);
    await stopping;
    const err = await client.getUser({ id: ALICE.id }, { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect([Code.Unavailable, Code.DeadlineExceeded]).toContain((err as ConnectError).code);
  });

  it("when a call outlives the grace period, then shutdown cuts it and returns", async () => {
    const server = await startUsers({ slowMs: 5_000, shutdownGraceMs: 200 });
    const client = createClient(UserService, server.address, { retry: false });
    cleanups.push(() => closeClient(client));
    const inFlight = client.getUser({ id: ALICE.id }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await server.shutdown();
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect([Code.Unavailable, Code.Canceled]).toContain(((await inFlight) as ConnectError).code);
  });
});
