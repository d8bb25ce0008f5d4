import { Writable } from "node:stream";
import { Code } from "@connectrpc/connect";
import { Client, credentials, Metadata } from "@grpc/grpc-js";
import { UserService } from "@shop/contracts/users/v1";
import {
  closeClient,
  createClient,
  createLogger,
  currentPrincipal,
  DEFAULT_PRIVILEGED_CALLERS,
  DEFAULT_USER_ASSERTERS,
  service,
  type GrpcTrust,
  type TlsIdentity,
} from "@shop/grpc-runtime";
import { createDevPki, type DevPki } from "@shop/grpc-runtime/testing";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDomainService, type RunningDomainService } from "../../src/index.js";
import { fixtureMigrationsDir, fixtureSchemaPath } from "../db/fixture.js";

/**
 * The host wires the transport trust a service's entry point loaded: mutual TLS (or plaintext,
 * with a warning), the plaintext health port for probes, and the identity its own clients present.
 */

const IDENTITY = { name: "users", migrationsDir: fixtureMigrationsDir, schemaPath: fixtureSchemaPath };
const RULES = { privilegedCallers: DEFAULT_PRIVILEGED_CALLERS, userAsserters: DEFAULT_USER_ASSERTERS };

let pki: DevPki;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  pki = await createDevPki({ identities: ["users", "jobs"] });
}, 60_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A pino destination kept in memory, with the parsed lines. */
function memoryLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Starts a service on the fixture's migrations whose GetUser reports its caller as the display name; `tls` is what the composition was given. */
async function startWith(trust: GrpcTrust | undefined, destination: Writable): Promise<{ running: RunningDomainService; composedTls: () => TlsIdentity | undefined }> {
  let composedTls: TlsIdentity | undefined;
  const running = await startDomainService(
    IDENTITY,
    { inMemory: true, seed: false, healthPort: 0, logger: createLogger("users", { destination }), ...(trust ? { trust } : {}) },
    ({ tls }) => {
      composedTls = tls;
      return {
        services: [service(UserService, { getUser: () => ({ user: { id: "u", displayName: currentPrincipal()?.caller ?? "nobody" } }) })],
        extra: {},
      };
    },
  );
  cleanups.push(() => running.stop());
  return { running, composedTls: () => composedTls };
}

/** The grpc.health.v1 status number of the whole server, asked in plaintext at `address` (negative: the error code). */
function plaintextHealth(address: string): Promise<number> {
  const client = new Client(address, credentials.createInsecure());
  cleanups.push(() => client.close());
  return new Promise((resolve) => {
    client.makeUnaryRequest("/grpc.health.v1.Health/Check", (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), new Metadata(), { deadline: Date.now() + 5_000 }, (error, value) =>
      resolve(error ? -error.code : (value as Buffer)[1]!),
    );
  });
}

describe("a domain service started with its trust", () => {
  it("when the trust is mutual TLS, then callers are authenticated by certificate, probes use the plaintext health port, and the composition gets the service's identity", async () => {
    const log = memoryLines();
    const { running, composedTls } = await startWith({ mode: "mtls", identity: pki.tlsIdentity("users"), ...RULES }, log.stream);
    expect(composedTls()?.name).toBe("users");
    expect(running.healthPort).toBeGreaterThan(0);
    expect(await plaintextHealth(`127.0.0.1:${running.healthPort}`)).toBe(1);
    const job = createClient(UserService, running.address, { tls: pki.tlsIdentity("jobs"), serverName: "users", retry: false });
    cleanups.push(() => closeClient(job));
    expect((await job.getUser({ id: "u" })).user?.displayName).toBe("jobs");
    expect(log.lines().some((line) => line["level"] === 40)).toBe(false);
    await running.stop();
    // The probes' port goes with the service.
    expect(await plaintextHealth(`127.0.0.1:${running.healthPort}`)).toBe(-Code.Unavailable);
  }, 60_000);

  it("when the trust is plaintext, then the start logs a warning, a caller is its x-caller, and a call naming nobody is UNAUTHENTICATED", async () => {
    const log = memoryLines();
    const { running, composedTls } = await startWith({ mode: "insecure", ...RULES }, log.stream);
    expect(composedTls()).toBeUndefined();
    const warning = log.lines().find((line) => line["level"] === 40);
    expect(String(warning?.["msg"])).toMatch(/GRPC_INSECURE=true: serving plaintext gRPC where callers are who they claim/);
    const claimed = createClient(UserService, running.address, { caller: "jobs", retry: false });
    const anonymous = createClient(UserService, running.address, { retry: false });
    cleanups.push(() => closeClient(claimed), () => closeClient(anonymous));
    expect((await claimed.getUser({ id: "u" })).user?.displayName).toBe("jobs");
    await expect(anonymous.getUser({ id: "u" })).rejects.toMatchObject({ code: Code.Unauthenticated });
  }, 60_000);

  it("when no trust is given (in-process tests), then the server is plaintext with no principal and no warning", async () => {
    const log = memoryLines();
    const { running } = await startWith(undefined, log.stream);
    const client = createClient(UserService, running.address, { retry: false });
    cleanups.push(() => closeClient(client));
    expect((await client.getUser({ id: "u" })).user?.displayName).toBe("nobody");
    expect(log.lines().some((line) => line["level"] === 40)).toBe(false);
  }, 60_000);
});
