import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FieldViolations, parseReadMask } from "@shop/service-host";
import { silentLogger } from "@shop/grpc-runtime";
import { createTestPostgresDatabase, defaultTestServerUrl, openDatabase, postgresAvailable, QueryCounter, type Database } from "@shop/service-host/db";
import { newId } from "@shop/grpc-runtime/ids";
import { USERS_MIGRATIONS_DIR } from "../src/app.js";
import { PrismaClient } from "../src/data/generated/client.js";
import { createPrismaUserRepository } from "../src/data/prisma-user-repository.js";
import { EmailTakenError, type StoredUser, type UserRepository } from "../src/data/user-repository.js";
import { USER_FIELDS } from "../src/user.js";

function aUser(overrides: Partial<StoredUser> = {}): StoredUser {
  const id = newId();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 123);
  return {
    id,
    email: `${id}@example.com`,
    displayName: "Zoë 李 😀",
    passwordHash: "scrypt$1024$8$1$c2FsdA$aGFzaA",
    avatarUrl: "",
    avatarThumbnailUrl: "",
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

interface Opened {
  readonly prisma: PrismaClient;
  readonly repository: UserRepository;
  /** The db layer's counter of the SQL statements Prisma sends. */
  readonly counter: QueryCounter;
}

type OpenResult = { database: Database; counter: QueryCounter; cleanup(): Promise<void> } | { skip: string };

function describeRepository(name: string, openDb: () => Promise<OpenResult>) {
  describe(name, () => {
    let opened: Opened | undefined;
    let cleanup: () => Promise<void> = async () => {};
    let skip: string | undefined;

    beforeAll(async () => {
      const result = await openDb();
      if ("skip" in result) {
        skip = result.skip;
        return;
      }
      cleanup = result.cleanup;
      const prisma = new PrismaClient({ adapter: result.database.adapter });
      opened = { prisma, repository: createPrismaUserRepository(prisma), counter: result.counter };
    });
    afterAll(async () => {
      await opened?.prisma.$disconnect();
      await cleanup();
    });

    /** The opened database, or skips the test saying why. */
    const db = (context: { skip: (reason: string) => void }): Opened => {
      if (opened === undefined) context.skip(skip ?? "database not opened");
      return opened!;
    };

    it("when a user is inserted, then it reads back by id and by email with every field intact", async (context) => {
      const { repository } = db(context);
      const user = aUser({ avatarUrl: "https://img.example/a.png", avatarThumbnailUrl: "https://img.example/a-64.png" });
      await repository.insert(user);
      expect(await repository.findById(user.id)).toEqual(user);
      expect(await repository.findByEmail(user.email)).toEqual(user);
      expect(await repository.findById(newId())).toBeUndefined();
      expect(await repository.findByEmail("nobody@example.com")).toBeUndefined();
    });

    it("when 20 inserts of one email race, then exactly one wins and the rest get EmailTakenError", async (context) => {
      const { repository } = db(context);
      const email = `race-${newId()}@example.com`;
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => repository.insert(aUser({ email }))));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(EmailTakenError);
    });

    it("when 500 users are read by id, then it costs ONE SQL query", async (context) => {
      const { repository, counter } = db(context);
      const users = Array.from({ length: 300 }, () => aUser());
      expect(await repository.insertMany(users)).toBe(300);
      const ids = [...users.map((u) => u.id), ...Array.from({ length: 200 }, () => newId())];
      counter.reset();
      const found = await repository.findByIds(ids);
      expect(counter.count).toBe(1);
      expect(counter.queries[0]?.sql).toMatch(/^SELECT/i);
      expect(new Set(found.map((u) => u.id))).toEqual(new Set(users.map((u) => u.id)));
    });

    it("when users are read with the mask display_name, then the same one query runs and selects neither email nor password hash", async (context) => {
      const { repository, counter } = db(context);
      const users = [aUser(), aUser()];
      await repository.insertMany(users);
      const ids = users.map((u) => u.id);
      counter.reset();
      await repository.findByIds(ids);
      const whole = counter.queries;
      counter.reset();
      const found = await repository.findByIds(ids, parseReadMask(["display_name"], USER_FIELDS, new FieldViolations()));
      expect([whole.length, counter.count]).toEqual([1, 1]);
      expect(whole[0]?.sql).toMatch(/"email"/);
      expect(counter.queries[0]?.sql).toMatch(/"display_name"/);
      expect(counter.queries[0]?.sql).not.toMatch(/"email"|"password_hash"|"avatar_url"/);
      expect(found.map((u) => Object.keys(u).sort())).toEqual([
        ["displayName", "id"],
        ["displayName", "id"],
      ]);
    });

    it("when 2,500 users are inserted in bulk, then they go in 1,000-row statements and a repeat writes nothing", async (context) => {
      const { repository, counter } = db(context);
      const users = Array.from({ length: 2_500 }, () => aUser());
      const before = await repository.count();
      counter.reset();
      expect(await repository.insertMany(users)).toBe(2_500);
      expect(counter.queries.filter((q) => /^INSERT/i.test(q.sql))).toHaveLength(3);
      expect(await repository.count()).toBe(before + 2_500);
      expect(await repository.insertMany(users.slice(0, 10))).toBe(0);
    });

    it("when a user is updated, then only the given fields change; an unknown id gives undefined", async (context) => {
      const { repository } = db(context);
      const user = aUser();
      await repository.insert(user);
      const later = new Date(user.updatedAt.getTime() + 60_000);
      const updated = await repository.update(user.id, { displayName: "Renamed", updatedAt: later });
      expect(updated).toEqual({ ...user, displayName: "Renamed", updatedAt: later });
      expect(await repository.update(newId(), { displayName: "x", updatedAt: later })).toBeUndefined();
    });

    it("when the schema is inspected, then email has a unique index (the case-insensitive rule, as emails are stored lower-cased)", async (context) => {
      const { prisma } = db(context);
      const rows = await prisma.$queryRawUnsafe<{ indexdef: string }[]>(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'users' AND indexname = 'users_email_key'",
      );
      expect(rows[0]?.indexdef).toMatch(/CREATE UNIQUE INDEX users_email_key ON public\.users USING btree \(email\)/);
    });
  });
}

describeRepository("PrismaUserRepository on PGlite in memory", async () => {
  const counter = new QueryCounter();
  const database = await openDatabase({
    service: "users",
    inMemory: true,
    migrationsDir: USERS_MIGRATIONS_DIR,
    onQuery: counter.listener,
    logger: silentLogger(),
  });
  return { database, counter, cleanup: () => database.close() };
});

describeRepository("PrismaUserRepository on PostgreSQL 127.0.0.1:5432", async () => {
  if (!(await postgresAvailable())) return { skip: `no PostgreSQL answers at ${defaultTestServerUrl}` };
  const scratch = await createTestPostgresDatabase({ prefix: "users_repo" });
  const counter = new QueryCounter();
  const database = await openDatabase({
    service: "users",
    url: scratch.url,
    poolSize: 10,
    migrationsDir: USERS_MIGRATIONS_DIR,
    onQuery: counter.listener,
    logger: silentLogger(),
  });
  return {
    database,
    counter,
    async cleanup() {
      await database.close();
      await scratch.drop();
    },
  };
});
