import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { GetUserRequestSchema, UserService } from "@shop/contracts/users/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeClient,
  createClient,
  createClients,
  createLogger,
  createTelemetry,
  currentPrincipal,
  currentRequestContext,
  endUserValues,
  METRIC_NAMES,
  service,
  signUserToken,
  startGrpcServer,
  type ClientOptions,
  type GrpcServer,
  type GrpcTrust,
  type Principal,
  type Telemetry,
  type TlsIdentity,
} from "../../src/index.js";
import { createDevPki, type DevPki } from "../../src/testing/index.js";
import { ALICE, BOB } from "../grpc/fake-users.js";
import { memoryLog } from "../grpc/memory-log.js";
import { TickerService } from "../grpc/ticker-service.js";

/**
 * Real grpc-js servers and clients over loopback sockets with real mutual TLS: who a server
 * believes is calling, and which calls it refuses before running anything.
 */

let pki: DevPki;
let otherPki: DevPki;
let server: GrpcServer;
let insecureServer: GrpcServer;
let telemetry: Telemetry;
const log = memoryLog();
/** The principal each call of GetUser ran with, in order; refused calls never get here. */
const seen: (Principal | undefined)[] = [];
const clients: { close(): void }[] = [];

const RULES = { privilegedCallers: ["jobs"], userAsserters: ["bff-web", "bff-mobile"] };

const users = {
  getUser() {
    seen.push(currentPrincipal());
    expect(currentRequestContext()?.userId).toBe(currentPrincipal()?.userId);
    return { user: ALICE };
  },
};
const ticker = {
  async *tick() {
    seen.push(currentPrincipal());
    yield { value: "tick" };
  },
};

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([
    createDevPki({ identities: ["users", "bff-web", "bff-mobile", "jobs", "orders"] }),
    createDevPki({ identities: ["bff-web"], caName: "someone else's CA" }),
  ]);
  telemetry = createTelemetry({
    settings: { metricsPort: 0, metricsHost: "127.0.0.1", serviceName: "users", sampler: "parentbased_always_on", samplerArg: 1, sdkDisabled: true, exportDelayMs: 10 },
  });
  const auth: GrpcTrust = { mode: "mtls", identity: pki.tlsIdentity("users"), ...RULES };
  server = await startGrpcServer({
    services: [service(UserService, users), service(TickerService, ticker as never)],
    serving: true,
    auth,
    healthPort: 0,
    logger: createLogger("users", { destination: log.stream }),
    telemetry,
  });
  insecureServer = await startGrpcServer({ services: [service(UserService, users)], serving: true, auth: { mode: "insecure", ...RULES } });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([server?.shutdown(), insecureServer?.shutdown()]);
  await telemetry?.shutdown();
});

/** A typed UserService client of the mTLS server as `identity`, checking that the server is "users". */
function usersAs(identity: TlsIdentity | undefined, options: ClientOptions = {}, target: string | readonly string[] = server.address) {
  const client = createClient(UserService, target, { retry: false, circuitBreaker: false, defaultTimeoutMs: 5_000, ...(identity ? { tls: identity, serverName: "users" } : {}), ...options });
  clients.push({ close: () => closeClient(client) });
  return client;
}

/** The gRPC code a call ends with (0 for OK). */
async function codeOf(call: Promise<unknown>): Promise<Code | 0> {
  try {
    await call;
    return 0;
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

/** A GetUser over TLS with `channelCredentials` and raw grpc-js, as a foreign client would make it. */
function rawGetUser(channelCredentials: ReturnType<typeof credentials.createSsl>): Promise<ServiceError | null> {
  const client = new Client(server.address, channelCredentials, { "grpc.ssl_target_name_override": "users" });
  clients.push(client);
  const request = Buffer.from(toBinary(GetUserRequestSchema, create(GetUserRequestSchema, { id: ALICE.id })));
  return new Promise((resolve) => {
    client.makeUnaryRequest("/shop.users.v1.UserService/GetUser", (b: Buffer) => b, (b: Buffer) => b, request, new Metadata(), { deadline: Date.now() + 5_000 }, (error) =>
      resolve(error),
    );
  });
}

async function refusedCount(): Promise<number> {
  const metric = await telemetry.metrics.registry.getSingleMetric(METRIC_NAMES.rpcServerRequests)!.get();
  return metric.values.filter((v) => v.labels["grpc_code"] === "UNAUTHENTICATED").reduce((sum, v) => sum + v.value, 0);
}

describe("a server that requires mutual TLS", () => {
  it("when a privileged job calls with its certificate, then the method runs with the job as a privileged principal and no user", async () => {
    seen.length = 0;
    expect((await usersAs(pki.tlsIdentity("jobs")).getUser({ id: ALICE.id })).user?.id).toBe(ALICE.id);
    expect(seen).toEqual([{ caller: "jobs", via: "mtls", privileged: true, assertsUsers: false }]);
  });

  it("when a client speaks TLS but presents no certificate, then the call is UNAUTHENTICATED, not run, yet logged and counted", async () => {
    seen.length = 0;
    const before = await refusedCount();
    const error = await rawGetUser(credentials.createSsl(Buffer.from(pki.caPem)));
    expect(error?.code).toBe(Code.Unauthenticated);
    expect(error?.details).toMatch(/no client certificate signed by this system's CA/);
    expect(seen).toEqual([]);
    expect(await refusedCount()).toBe(before + 1);
    const line = log.lines().findLast((l) => l["msg"] === "rpc");
    expect(line).toMatchObject({ method: "/shop.users.v1.UserService/GetUser", code: "UNAUTHENTICATED" });
    expect(line).not.toHaveProperty("caller");
  });

  it("when a client presents a certificate of another CA, then the call is UNAUTHENTICATED", async () => {
    seen.length = 0;
    const foreign = otherPki.identities["bff-web"]!;
    const error = await rawGetUser(credentials.createSsl(Buffer.from(pki.caPem), Buffer.from(foreign.keyPem), Buffer.from(foreign.certPem)));
    expect(error?.code).toBe(Code.Unauthenticated);
    expect(seen).toEqual([]);
  });

  it("when a plaintext client calls the TLS port, then it gets no answer at all (UNAVAILABLE)", async () => {
    const plaintext = createClient(UserService, server.address, { retry: false, circuitBreaker: false, defaultTimeoutMs: 2_000 });
    clients.push({ close: () => closeClient(plaintext) });
    expect(await codeOf(plaintext.getUser({ id: ALICE.id }))).toBe(Code.Unavailable);
  });

  it("when a BFF calls for its signed-in user, then the user comes from the token its own key signed and it may assert users", async () => {
    seen.length = 0;
    await usersAs(pki.tlsIdentity("bff-web")).getUser({ id: ALICE.id }, { contextValues: endUserValues(ALICE.id) });
    expect(seen).toEqual([{ caller: "bff-web", via: "mtls", userId: ALICE.id, privileged: false, assertsUsers: true }]);
    const line = log.lines().findLast((l) => l["msg"] === "rpc");
    expect(line).toMatchObject({ code: "OK", caller: "bff-web" });
  });

  it("when one BFF presents a token another BFF signed, then the call is UNAUTHENTICATED: the signature is not the presenter's", async () => {
    seen.length = 0;
    const now = Math.floor(Date.now() / 1000);
    const webToken = signUserToken({ sub: BOB.id, iat: now, exp: now + 60 }, pki.tlsIdentity("bff-web").privateKey);
    const mobile = usersAs(pki.tlsIdentity("bff-mobile"));
    const call = mobile.getUser({ id: BOB.id }, { headers: { "x-user-token": webToken } });
    await expect(call).rejects.toMatchObject({ code: Code.Unauthenticated, rawMessage: expect.stringMatching(/signature does not match the caller's certificate/) });
    expect(seen).toEqual([]);
  });

  it("when a caller that is not a user asserter sends a user token, even one it signed itself, then the call is UNAUTHENTICATED", async () => {
    const orders = usersAs(pki.tlsIdentity("orders"), { caller: "orders" });
    await expect(orders.getUser({ id: ALICE.id }, { contextValues: endUserValues(ALICE.id) })).rejects.toMatchObject({
      code: Code.Unauthenticated,
      rawMessage: expect.stringMatching(/caller "orders" may not present end-user tokens/),
    });
    // A refused call's claimed name is not logged as its caller.
    const line = log.lines().findLast((l) => l["msg"] === "rpc");
    expect(line).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(line).not.toHaveProperty("caller");
  });

  it("when a BFF's token has expired, or is garbage, then the call is UNAUTHENTICATED", async () => {
    const key = pki.tlsIdentity("bff-web").privateKey;
    const now = Math.floor(Date.now() / 1000);
    const expired = signUserToken({ sub: ALICE.id, iat: now - 120, exp: now - 60 }, key);
    const web = usersAs(pki.tlsIdentity("bff-web"));
    await expect(web.getUser({ id: ALICE.id }, { headers: { "x-user-token": expired } })).rejects.toMatchObject({ code: Code.Unauthenticated, rawMessage: expect.stringMatching(/expired/) });
    await expect(web.getUser({ id: ALICE.id }, { headers: { "x-user-token": "x".repeat(5_000) } })).rejects.toMatchObject({ code: Code.Unauthenticated });
    await expect(web.getUser({ id: ALICE.id }, { headers: { "x-user-token": `${signUserToken({ sub: ALICE.id, iat: now, exp: now + 60 }, undefined)}` } })).rejects.toMatchObject({
      code: Code.Unauthenticated,
      rawMessage: expect.stringMatching(/not signed/),
    });
  });

  it("when the same token comes again and again, then every call is served (verified once, then from the cache)", async () => {
    seen.length = 0;
    const web = usersAs(pki.tlsIdentity("bff-web"));
    await Promise.all(Array.from({ length: 20 }, () => web.getUser({ id: BOB.id }, { contextValues: endUserValues(BOB.id) })));
    expect(seen).toHaveLength(20);
    expect(new Set(seen.map((p) => p?.userId))).toEqual(new Set([BOB.id]));
  });

  it("when a server-streaming method is called without a certificate, then it is refused the same way", async () => {
    seen.length = 0;
    const client = new Client(server.address, credentials.createSsl(Buffer.from(pki.caPem)), { "grpc.ssl_target_name_override": "users" });
    clients.push(client);
    const stream = client.makeServerStreamRequest("/test.v1.Ticker/Tick", (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), new Metadata(), { deadline: Date.now() + 5_000 });
    const code = await new Promise<number>((resolve) => {
      stream.on("data", () => undefined);
      stream.on("error", (error: ServiceError) => resolve(error.code));
      stream.on("end", () => resolve(0));
    });
    expect(code).toBe(Code.Unauthenticated);
    expect(seen).toEqual([]);
  });

  it("when a probe asks the plaintext health port, then it gets the main server's status, which follows setServing", async () => {
    expect(server.healthPort).toBeGreaterThan(0);
    const health = new Client(`127.0.0.1:${server.healthPort}`, credentials.createInsecure());
    clients.push(health);
    const check = () =>
      new Promise<number>((resolve) => {
        health.makeUnaryRequest("/grpc.health.v1.Health/Check", (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), new Metadata(), { deadline: Date.now() + 5_000 }, (error, value) =>
          resolve(error ? -error.code : (value as Buffer)[1]!),
        );
      });
    expect(await check()).toBe(1);
    server.setServing(false);
    expect(await check()).toBe(2);
    server.setServing(true);
    expect(await check()).toBe(1);
    // Only health there: the methods of the main port are not served in plaintext.
    const sneaky = createClient(UserService, `127.0.0.1:${server.healthPort}`, { retry: false, circuitBreaker: false, defaultTimeoutMs: 2_000 });
    clients.push({ close: () => closeClient(sneaky) });
    expect(await codeOf(sneaky.getUser({ id: ALICE.id }))).toBe(Code.Unimplemented);
  });
});

describe("a server in plaintext development mode", () => {
  it("when a caller names itself and sends an unsigned token, then it is believed: that mode trusts the network", async () => {
    seen.length = 0;
    const web = createClient(UserService, insecureServer.address, { caller: "bff-web", retry: false });
    clients.push({ close: () => closeClient(web) });
    await web.getUser({ id: ALICE.id }, { contextValues: endUserValues(BOB.id) });
    expect(seen).toEqual([{ caller: "bff-web", via: "insecure", userId: BOB.id, privileged: false, assertsUsers: true }]);
  });

  it("when a caller does not name itself, then the call is UNAUTHENTICATED", async () => {
    const anonymous = createClient(UserService, insecureServer.address, { retry: false });
    clients.push({ close: () => closeClient(anonymous) });
    await expect(anonymous.getUser({ id: ALICE.id })).rejects.toMatchObject({ code: Code.Unauthenticated, rawMessage: expect.stringMatching(/x-caller/) });
  });
});

describe("a client over mutual TLS", () => {
  it("when one of two replicas reports NOT_SERVING, then its Watch stream, on the same TLS channel, takes it out of the rotation", async () => {
    const auth: GrpcTrust = { mode: "mtls", identity: pki.tlsIdentity("users"), ...RULES };
    const replica = (name: string) =>
      startGrpcServer({ services: [service(UserService, { getUser: () => ({ user: { id: "u", displayName: name } }) })], serving: true, auth, drainNoticeMs: 0, shutdownGraceMs: 1_000 });
    const [a, b] = await Promise.all([replica("a"), replica("b")]);
    try {
      const client = usersAs(pki.tlsIdentity("jobs"), {}, [a.address, b.address]);
      const names = async (calls: number) => {
        const seenNames = new Set<string>();
        for (let i = 0; i < calls; i++) seenNames.add((await client.getUser({ id: "u" })).user?.displayName ?? "?");
        return [...seenNames].sort();
      };
      expect(await names(20)).toEqual(["a", "b"]);
      a.setServing(false);
      const deadline = Date.now() + 5_000;
      while ((await names(4)).includes("a")) {
        if (Date.now() > deadline) throw new Error("replica a still picked 5 s after NOT_SERVING");
      }
      expect(await names(20)).toEqual(["b"]);
    } finally {
      await Promise.all([a.shutdown(), b.shutdown()]);
    }
  });
});

describe("clients keyed by service identity", () => {
  it("when clients are made per service with mutual TLS, then each checks its server's certificate for its key: the right one is served, a wrong one is not reached", async () => {
    const { users, catalog } = createClients(
      { users: UserService, catalog: UserService },
      { users: server.address, catalog: server.address },
      { tls: pki.tlsIdentity("jobs"), retry: false, circuitBreaker: false, defaultTimeoutMs: 3_000 },
    );
    clients.push({ close: () => closeClient(users) }, { close: () => closeClient(catalog) });
    expect((await users.getUser({ id: ALICE.id })).user?.id).toBe(ALICE.id);
    // The server at that address proves it is "users", not "catalog": the handshake fails.
    expect(await codeOf(catalog.getUser({ id: ALICE.id }))).toBe(Code.Unavailable);
  });
});
