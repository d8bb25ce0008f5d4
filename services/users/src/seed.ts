import { seedWhenEmpty, type SeedReport } from "@shop/service-host";
import { DEMO_LOGIN, DEMO_USER_COUNT, demoUser } from "@shop/service-host/demo";
import type { StoredUser, UserRepository } from "./data/user-repository.js";
import { UNUSABLE_PASSWORD_HASH, type PasswordHasher } from "./domain/password-hasher.js";

/**
 * Seeds the 1,000 demo users of `@shop/service-host/demo` when there are no users yet.
 *
 * Only the demo login (user 0, `DEMO_LOGIN`) gets a real scrypt hash of its documented password.
 * Every other seeded user carries {@link UNUSABLE_PASSWORD_HASH}, which no password matches:
 * seeded users other than the demo login cannot log in. Hashing 1,000 passwords with scrypt's
 * memory-hard parameters would take most of a minute on two cores, and sharing one hash (one salt)
 * between users would break the per-user salt rule. Rows go in with multi-row inserts of 1,000.
 * Re-running on a seeded database writes nothing (conflicting ids are skipped).
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
