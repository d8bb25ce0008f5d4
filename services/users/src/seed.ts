import { seedWhenEmpty, type SeedReport } from "@shop/service-host";
import { DEMO_LOGIN, DEMO_USER_COUNT, demoUser } from "@shop/service-host/demo";
import type { StoredUser, UserRepository } from "./data/user-repository.js";
import { UNUSABLE_PASSWORD_HASH, type PasswordHasher } from "./domain/password-hasher.js";

/**
 * Seeds the 1,000 demo users of `@shop/service-host/demo` when there are no users yet.
 *
 * Only the demo login (user 0, `DEMO_LOGIN`) gets a real Argon2id hash of its documented password:
 * one hash, so the seed stays fast. Every other seeded user carries {@link UNUSABLE_PASSWORD_HASH},
 * which no password matches: seeded users other than the demo login cannot log in. Giving them all
 * the demo password would cost either 1,000 memory-hard hashes (about a minute on two cores) or one
 * hash shared by all (one salt for many users, which a real store must never do); nothing needs it.
 * Rows go in with multi-row inserts of 1,000. Re-running on a seeded database writes nothing
 * (conflicting ids are skipped).
 */
export function seedDemoUsers(users: UserRepository, passwords: PasswordHasher): Promise<SeedReport> {
  return seedWhenEmpty(
    async () => (await users.count()) === 0,
    async () => {
      const rows: StoredUser[] = [];
      for (let index = 0; index < DEMO_USER_COUNT; index++) {
        const demo = demoUser(index);
        rows.push({
          id: demo.id,
          email: demo.email,
          displayName: demo.displayName,
          passwordHash: index === 0 ? await passwords.hash(DEMO_LOGIN.password) : UNUSABLE_PASSWORD_HASH,
          avatarUrl: demo.avatarUrl,
          avatarThumbnailUrl: demo.avatarThumbnailUrl,
          createdAt: demo.createdAt,
          updatedAt: demo.createdAt,
        });
      }
      return users.insertMany(rows);
    },
  );
}
