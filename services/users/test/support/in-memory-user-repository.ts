import { EmailTakenError, type StoredUser, type UserRepository } from "../../src/data/user-repository.js";

/** A {@link UserRepository} in a Map, for route tests that need no database. Counts batch reads. */
export interface InMemoryUserRepository extends UserRepository {
  /** How many times `findByIds` ran. */
  readonly batchReads: number;
  /** The rows themselves, by id: the in-memory session repository reads and writes them inside its "transactions". */
  readonly rows: Map<string, StoredUser>;
  /** `insert` without yielding (so a caller can make it part of a larger atomic step); EmailTakenError when the email is taken. */
  insertNow(user: StoredUser): void;
}

export function createInMemoryUserRepository(): InMemoryUserRepository {
  const rows = new Map<string, StoredUser>();
  let batchReads = 0;
  const byEmail = (email: string) => [...rows.values()].find((user) => user.email === email);
  const insertNow = (user: StoredUser) => {
    if (byEmail(user.email) !== undefined) throw new EmailTakenError(user.email);
    rows.set(user.id, user);
  };
  return {
    get batchReads() {
      return batchReads;
    },
    rows,
    insertNow,
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
      insertNow(user);
    },
    async update(id, changes) {
      const current = rows.get(id);
      if (current === undefined) return undefined;
      const updated = { ...current, ...changes };
      rows.set(id, updated);
      return updated;
    },
    async replacePasswordHash(id, expectedHash, nextHash) {
      const current = rows.get(id);
      if (current?.passwordHash !== expectedHash) return false;
      rows.set(id, { ...current, passwordHash: nextHash });
      return true;
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
