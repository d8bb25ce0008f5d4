import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { closeClient, createClient, createLogger, silentLogger } from "@shop/grpc-runtime";
import { UserService } from "@shop/contracts/users/v1";
import { createTestPostgresDatabase, defaultTestServerUrl, postgresAvailable } from "@shop/service-host/db";
import { DEMO_LOGIN, DEMO_USER_COUNT, demoUser } from "@shop/service-host/demo";
import { Code } from "@connectrpc/connect";
import { startUsersService, type RunningUsersService, type UsersServiceOptions } from "../src/app.js";
import { BAD_CREDENTIALS_MESSAGE } from "../src/verify-credentials.js";
import { describeUserServiceBehaviour, failure, type UserServiceUnderTest } from "./support/user-service-behaviour.js";

/** Starts the real service (gRPC over a socket on a free port) and a typed client to it. */
async function startUnderTest(options: UsersServiceOptions, cleanup: () => Promise<void> = async () => {}): Promise<UserServiceUnderTest> {
  const running = await startUsersService({ port: 0, logger: silentLogger(), ...options });
  const client = createClient(UserService, running.address, { retry: false });
  return {
    client,
    passwordHashOf: (email) => passwordHashOf(running, email),
    async stop() {
      closeClient(client);
      await running.stop();
      await cleanup();
    },
  };
}

async function passwordHashOf(running: RunningUsersService, email: string): Promise<string | undefined> {
  const sql = new pg.Client({ connectionString: running.databaseUrl });
  await sql.connect();
  try {
    const result = await sql.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = $1", [email]);
    return result.rows[0]?.password_hash;
  } finally {
    await sql.end();
  }
}

describeUserServiceBehaviour("users service over gRPC on PGlite in memory", () => startUnderTest({ inMemory: true, seed: false }));

if (await postgresAvailable()) {
  describeUserServiceBehaviour("users service over gRPC on PostgreSQL 127.0.0.1:5432 (pool of 10)", async () => {
    const scratch = await createTestPostgresDatabase({ prefix: "users_svc" });
    return startUnderTest({ databaseUrl: scratch.url, dbPoolSize: 10, seed: false }, () => scratch.drop());
  });
} else {
  describe.skip(`users service over gRPC on PostgreSQL: SKIPPED, no server answers at ${defaultTestServerUrl}`, () => {
    it("needs a PostgreSQL server", () => {});
  });
}

describe("users service seeded with the demo data", () => {
  let running: RunningUsersService;
  let client: ReturnType<typeof createClient<typeof UserService>>;
  let startMs = 0;
  beforeAll(async () => {
    const started = performance.now();
    running = await startUsersService({ port: 0, inMemory: true, seed: true, logger: silentLogger() });
    startMs = performance.now() - started;
    client = createClient(UserService, running.address, { retry: false });
  });
  afterAll(async () => {
    closeClient(client);
    await running?.stop();
  });

  it("when it starts on an empty database, then the 1,000 demo users are there within seconds", async () => {
    console.info(`users: in-memory start with migrations and seed of ${DEMO_USER_COUNT} users took ${Math.round(startMs)} ms`);
    expect(startMs).toBeLessThan(30_000);
    const ids = Array.from({ length: 500 }, (_, i) => demoUser(i * 2).id);
    const batch = await client.batchGetUsers({ ids });
    expect(batch.missingIds).toEqual([]);
    expect(batch.users[1]).toMatchObject({ email: "user2@shop.test", displayName: demoUser(2).displayName });
  });

  it("when the documented demo login signs in, then it is user 0", async () => {
    const { user } = await client.verifyCredentials({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    expect(user).toMatchObject({ id: demoUser(0).id, email: DEMO_LOGIN.email, displayName: "Demo Shopper" });
  });

  it("when another seeded user tries any password, then UNAUTHENTICATED like an unknown email", async () => {
    const error = await failure(client.verifyCredentials({ email: "user5@shop.test", password: DEMO_LOGIN.password }));
    expect(error.code).toBe(Code.Unauthenticated);
    expect(error.rawMessage).toBe(BAD_CREDENTIALS_MESSAGE);
  });
});

describe("users service logs", () => {
  it("when users register, sign in and refresh at trace level, then neither passwords, hashes nor refresh secrets reach the log", async () => {
    let text = "";
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    const logger = createLogger("users", { level: "trace", destination });
    const running = await startUsersService({ port: 0, inMemory: true, seed: false, logger });
    const client = createClient(UserService, running.address, { retry: false });
    let secrets: string[] = [];
    try {
      const password = "Tr4ce-Me-If-You-Can";
      await client.createUser({ email: "logged@example.com", displayName: "Logged", password });
      await client.verifyCredentials({ email: "logged@example.com", password });
      await failure(client.verifyCredentials({ email: "logged@example.com", password: `${password}-wrong` }));
      await failure(client.createUser({ email: "logged@example.com", displayName: "Again", password }));
      const signedUp = await client.signUp({ email: "session@example.com", displayName: "Session", password, client: "web" });
      const signedIn = await client.signIn({ email: "session@example.com", password, client: "mobile" });
      const refreshed = await client.refreshSession({ refreshToken: signedUp.refreshToken });
      await client.revokeSession({ refreshToken: refreshed.refreshToken });
      secrets = [signedUp, signedIn, refreshed].map((grant) => grant.refreshToken.split(".")[1]!);
    } finally {
      closeClient(client);
      await running.stop();
    }
    expect(text).toContain("users service serving"); // the log was really captured
    expect(text).not.toContain("Tr4ce-Me");
    expect(text).not.toContain("$argon2id$");
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe("two users instances starting together on one PostgreSQL database", () => {
  it("when both migrate and seed at once, then both serve and the demo users exist exactly once", async (context) => {
    if (!(await postgresAvailable())) context.skip(`no PostgreSQL answers at ${defaultTestServerUrl}`);
    const scratch = await createTestPostgresDatabase({ prefix: "users_twins" });
    const options = { port: 0, databaseUrl: scratch.url, dbPoolSize: 4, seed: true, logger: silentLogger() };
    const started = await Promise.allSettled([startUsersService(options), startUsersService(options)]);
    try {
      expect(started.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
      const sql = new pg.Client({ connectionString: scratch.url });
      await sql.connect();
      try {
        const users = await sql.query<{ count: string }>("SELECT count(*) FROM users");
        expect(users.rows[0]?.count).toBe(String(DEMO_USER_COUNT));
        const migrations = await sql.query<{ count: string }>("SELECT count(*) FROM _prisma_migrations");
        expect(migrations.rows[0]?.count).toBe("2");
      } finally {
        await sql.end();
      }
      for (const result of started) {
        if (result.status !== "fulfilled") continue;
        const client = createClient(UserService, result.value.address, { retry: false });
        const { user } = await client.verifyCredentials({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
        expect(user?.id).toBe(demoUser(0).id);
        closeClient(client);
      }
    } finally {
      for (const result of started) if (result.status === "fulfilled") await result.value.stop();
      await scratch.drop();
    }
  });
});
