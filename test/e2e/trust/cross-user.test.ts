import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { ListOrdersRequestSchema, OrderService, OrderStatus, type Order } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { closeClient, createClient, endUserValues, signUserToken, type ClientOptions, type TlsIdentity } from "@shop/grpc-runtime";
import { createDevPki } from "@shop/grpc-runtime/testing";
import { demoId } from "@shop/service-host/demo";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NODE_FLAGS } from "../../../scripts/launcher/node-flags.js";
import { startE2eSystem, type E2eSystem } from "../support/e2e-system.js";

/**
 * Trust between the processes of the running system (five processes started by the launcher,
 * mutual TLS with a PKI made for this launch), tested at the gRPC level: who may call at all, and
 * for which end user. User A is the demo login, user B the second demo user; their orders are the
 * demo data's.
 */

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const USER_A = demoId("user", 0);
const USER_B = demoId("user", 1);

let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;
const closers: (() => void)[] = [];
/** Two orders of user B and one of user A, read by the privileged job at the start. */
let ordersOfB: Order[] = [];
let orderOfA: Order | undefined;

/** An orders client over mutual TLS as the system's identity `name` (or any identity given), checking the server is orders. */
function ordersAs(identity: TlsIdentity, options: ClientOptions = {}) {
  const client = createClient(OrderService, e2e!.system.addresses.orders, { caller: identity.name, tls: identity, serverName: "orders", retry: false, circuitBreaker: false, ...options });
  closers.push(() => closeClient(client));
  return client;
}

function usersAs(identity: TlsIdentity) {
  const client = createClient(UserService, e2e!.system.addresses.users, { caller: identity.name, tls: identity, serverName: "users", retry: false, circuitBreaker: false });
  closers.push(() => closeClient(client));
  return client;
}

function identity(name: string): TlsIdentity {
  const tls = e2e!.system.clientTls(name);
  if (tls === undefined) throw new Error("the system was expected to run with mutual TLS");
  return tls;
}

/** What a call ends with: "OK" or its code's name. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    return Code[ConnectError.from(error).code];
  }
}

/** As user A, through bff-web's certificate and a token bff-web's key signed for A. */
const asUserA = { contextValues: endUserValues(USER_A) };

beforeAll(async () => {
  e2e = await startE2eSystem();
  expect(e2e.system.transport).toBe("mtls");
  const job = ordersAs(identity("jobs"));
  ordersOfB = (await job.listOrders({ userId: USER_B, pageSize: 10 })).orders;
  orderOfA = (await job.listOrders({ userId: USER_A, pageSize: 1 })).orders[0];
}, 420_000);

afterAll(async () => {
  for (const close of closers.splice(0)) close();
  await e2e?.close();
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state === "fail" && e2e) console.error(`Last log lines of the system:\n${e2e.logTail(80)}`);
});

describe("who may call a service at all", () => {
  it("when the BFFs check their services' health over mutual TLS, then every service is serving", async () => {
    for (const url of [e2e!.system.webUrl, e2e!.system.mobileUrl]) {
      const response = await fetch(url.replace(/\/graphql$/, "/health/downstream"));
      expect(await response.json()).toEqual({ status: "serving", services: { users: true, catalog: true, orders: true } });
    }
  });

  it("when a client speaks TLS but has no certificate, then every method answers UNAUTHENTICATED", async () => {
    const ca = identity("jobs").caPem;
    const client = new Client(e2e!.system.addresses.orders[0]!, credentials.createSsl(ca), { "grpc.ssl_target_name_override": "orders" });
    closers.push(() => client.close());
    const request = Buffer.from(toBinary(ListOrdersRequestSchema, create(ListOrdersRequestSchema, { userId: USER_B, pageSize: 5 })));
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.makeUnaryRequest("/shop.orders.v1.OrderService/ListOrders", (b: Buffer) => b, (b: Buffer) => b, request, new Metadata(), { deadline: Date.now() + 10_000 }, (e) => resolve(e)),
    );
    expect(error?.code).toBe(Code.Unauthenticated);
  });

  it("when a client's certificate was signed by another CA, even for a known name, then it is UNAUTHENTICATED", async () => {
    const foreign = await createDevPki({ identities: ["jobs"], caName: "an impostor's CA" });
    // It trusts the system's CA (so the handshake proceeds) but proves itself with the impostor's certificate.
    const impostor: TlsIdentity = { ...foreign.tlsIdentity("jobs"), caPem: identity("jobs").caPem };
    expect(await outcome(ordersAs(impostor).listOrders({ userId: USER_B, pageSize: 5 }))).toBe("Unauthenticated");
    expect(await outcome(usersAs(impostor).getUser({ id: USER_B }))).toBe("Unauthenticated");
  });

  it("when the privileged job reads user B's orders and user, then it is served", async () => {
    expect(ordersOfB.length).toBeGreaterThan(0);
    expect(ordersOfB.every((order) => order.userId === USER_B)).toBe(true);
    const { user } = await usersAs(identity("jobs")).getUser({ id: USER_B });
    expect(user?.id).toBe(USER_B);
    const { order } = await ordersAs(identity("jobs")).getOrder({ id: ordersOfB[0]!.id });
    expect(order?.userId).toBe(USER_B);
  });
});

describe("a BFF acting for one user", () => {
  it("when bff-web acts for user A on A's own orders, then it is served (the control case)", async () => {
    const web = ordersAs(identity("bff-web"));
    expect(orderOfA).toBeDefined();
    const { orders } = await web.listOrders({ userId: USER_A, pageSize: 5 }, asUserA);
    expect(orders.every((order) => order.userId === USER_A)).toBe(true);
    expect((await web.getOrder({ id: orderOfA!.id }, asUserA)).order?.id).toBe(orderOfA!.id);
  });

  it("when bff-web carries user A's token and asks for user B's orders, then ListOrders and GetOrder are PERMISSION_DENIED", async () => {
    const web = ordersAs(identity("bff-web"));
    expect(await outcome(web.listOrders({ userId: USER_B, pageSize: 5 }, asUserA))).toBe("PermissionDenied");
    expect(await outcome(web.getOrder({ id: ordersOfB[0]!.id }, asUserA))).toBe("PermissionDenied");
  });

  it("when bff-web carries user A's token and cancels user B's order or places one for B, then both are PERMISSION_DENIED and nothing changes", async () => {
    const web = ordersAs(identity("bff-web"));
    const target = ordersOfB[0]!;
    expect(await outcome(web.cancelOrder({ id: target.id }, asUserA))).toBe("PermissionDenied");
    const catalog = createClient(CatalogService, e2e!.system.addresses.catalog, { tls: identity("jobs"), serverName: "catalog" });
    closers.push(() => closeClient(catalog));
    const { products } = await catalog.listProducts({ pageSize: 1 });
    const place = web.placeOrder({ userId: USER_B, lines: [{ productId: products[0]!.id, quantity: 1 }], idempotencyKey: randomUUID() }, asUserA);
    expect(await outcome(place)).toBe("PermissionDenied");
    const job = ordersAs(identity("jobs"));
    expect((await job.getOrder({ id: target.id })).order?.status).toBe(target.status);
    const after = (await job.listOrders({ userId: USER_B, pageSize: 10 })).orders;
    expect(after.map((order) => order.id)).toEqual(ordersOfB.map((order) => order.id));
  });

  it("when bff-web carries user A's token and updates user B, then UpdateUser is PERMISSION_DENIED and B keeps their name", async () => {
    const users = usersAs(identity("bff-web"));
    const before = (await usersAs(identity("jobs")).getUser({ id: USER_B })).user;
    expect(await outcome(users.updateUser({ id: USER_B, displayName: "Mallory was here" }, asUserA))).toBe("PermissionDenied");
    expect((await usersAs(identity("jobs")).getUser({ id: USER_B })).user?.displayName).toBe(before?.displayName);
  });

  it("when bff-mobile presents a token bff-web signed, then the call is UNAUTHENTICATED: a token is good only from its signer", async () => {
    const now = Math.floor(Date.now() / 1000);
    const webToken = signUserToken({ sub: USER_B, iat: now, exp: now + 60 }, identity("bff-web").privateKey);
    const mobile = ordersAs(identity("bff-mobile"));
    expect(await outcome(mobile.listOrders({ userId: USER_B, pageSize: 5 }, { headers: { "x-user-token": webToken } }))).toBe("Unauthenticated");
    // The same token from bff-web itself is fine: the refusal is about who presents it.
    expect(await outcome(ordersAs(identity("bff-web")).listOrders({ userId: USER_B, pageSize: 5 }, { headers: { "x-user-token": webToken } }))).toBe("OK");
  });

  it("when bff-web presents an expired token, then the call is UNAUTHENTICATED", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = signUserToken({ sub: USER_A, iat: now - 300, exp: now - 240 }, identity("bff-web").privateKey);
    expect(await outcome(ordersAs(identity("bff-web")).listOrders({ userId: USER_A, pageSize: 5 }, { headers: { "x-user-token": expired } }))).toBe("Unauthenticated");
  });
});

describe("an internal caller script", () => {
  /** Runs the example script with `args` and `env` on top of this process's environment; resolves with its exit code and output. */
  function runExample(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", join(REPO_ROOT, "scripts", "examples", "user-orders.ts"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, GRPC_INSECURE: "", GRPC_TLS_CA_FILE: "", GRPC_TLS_CERT_FILE: "", GRPC_TLS_KEY_FILE: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  }

  const addresses = () => ["--users", e2e!.system.addresses.users[0]!, "--catalog", e2e!.system.addresses.catalog[0]!, "--orders", e2e!.system.addresses.orders[0]!];

  it("when the example script runs as jobs with the launch's certificates, then it prints user B's latest orders and exits 0", async () => {
    const pki = e2e!.system.pkiDir!;
    const result = await runExample([USER_B, ...addresses()], {
      GRPC_TLS_CA_FILE: join(pki, "ca.pem"),
      GRPC_TLS_CERT_FILE: join(pki, "jobs.pem"),
      GRPC_TLS_KEY_FILE: join(pki, "jobs.key.pem"),
    });
    expect(result.stderr).not.toMatch(/The call failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/latest orders \(3 RPCs in all, as jobs over mutual TLS\)/);
    expect(result.stdout).toContain(ordersOfB[0]!.id);
    expect(result.stdout).toContain(OrderStatus[ordersOfB[0]!.status]);
  }, 120_000);

  it("when the example script tries plaintext against the mutual-TLS system, then it fails and says how to start the system", async () => {
    const result = await runExample([USER_B, ...addresses(), "--insecure"], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The call failed/);
    expect(result.stderr).toMatch(/npm start/);
  }, 120_000);
});
