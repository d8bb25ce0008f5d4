import { EmailTakenError, type StoredUser, type UserRepository } from "../../src/data/user-repository.js";

/** A {@link UserRepository} in a Map, for route tests that need no database. Counts batch reads. */
export interface InMemoryUserRepository extends UserRepository {
  /** How many times `findByIds` ran. */
  readonly batchReads: number;
}

export function createInMemoryUserRepository(): InMemoryUserRepository {
  const rows = new Map<string, StoredUser>();
  let batchReads = 0;
  const byEmail = (email: string) => [...rows.values()].find((user) => user.email === email);
  return {
    get batchReads() {
      return batchReads;
    },
    async findById(id) {
      return rows.get(id);
    },
    async findByIds(ids) {
      batchReads++;
      return ids.flatMap((id) => rows.get(id) ?? []);
    },
    async findByEmail(email) {
      return byEmail(email);
    },
    async insert(user) {
      if (byEmail(user.email) !== undefined) throw new EmailTakenError(user.email);
      rows.set(user.id, user);
    },
    async update(id, changes) {
      const current = rows.get(id);
      if (current === undefined) return undefined;
      const updated = { ...current, ...changes };
      rows.set(id, updated);
      return updated;
    },
    async insertMany(users) {
      for (const user of users) rows.set(user.id, user);
      return users.length;
    },
    async count() {
      return rows.size;
    },
  };
}
