import { describe, expect, it } from "vitest";
import { DEMO_LOGIN, DEMO_USER_COUNT, demoUser } from "@shop/service-host/demo";
import { createPasswordHasher, UNUSABLE_PASSWORD_HASH } from "../src/domain/password-hasher.js";
import { TEST_PASSWORD_PARAMS } from "./support/in-memory-users.js";
import { seedDemoUsers } from "../src/seed.js";
import { createInMemoryUserRepository } from "./support/in-memory-user-repository.js";

const passwords = createPasswordHasher(TEST_PASSWORD_PARAMS);

describe("seedDemoUsers", () => {
  it("when the store is empty, then the 1,000 demo users go in and only the demo login has a usable password", async () => {
    const users = createInMemoryUserRepository();
    const report = await seedDemoUsers(users, passwords);
    expect(report.inserted).toBe(DEMO_USER_COUNT);
    expect(await users.count()).toBe(DEMO_USER_COUNT);

    const demo = await users.findByEmail(DEMO_LOGIN.email);
    expect(demo?.id).toBe(demoUser(0).id);
    expect(demo?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await passwords.verify(DEMO_LOGIN.password, demo?.passwordHash)).toBe(true);

    const other = await users.findById(demoUser(17).id);
    expect(other).toMatchObject({ email: "user17@shop.test", displayName: demoUser(17).displayName, passwordHash: UNUSABLE_PASSWORD_HASH });
    expect(await passwords.verify(DEMO_LOGIN.password, other?.passwordHash)).toBe(false);
  });

  it("when the store already has users, then nothing is written", async () => {
    const users = createInMemoryUserRepository();
    await seedDemoUsers(users, passwords);
    const demoBefore = await users.findByEmail(DEMO_LOGIN.email);
    expect((await seedDemoUsers(users, passwords)).inserted).toBe(0);
    expect(await users.findByEmail(DEMO_LOGIN.email)).toEqual(demoBefore);
  });
});
