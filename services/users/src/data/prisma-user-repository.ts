import { EVERY_FIELD, selectColumns } from "@shop/service-host";
import type { PartialUser, UserField } from "../user.js";
import type { PrismaClient, User as UserRow } from "./generated/client.js";
import { isRecordNotFound, registrationError } from "./prisma-errors.js";
import type { StoredUser, UserChanges, UserRepository } from "./user-repository.js";

/** Rows per INSERT of {@link UserRepository.insertMany}: well below PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1_000;

/** The columns behind each field a read may select (the id is always read; the password hash never). */
const COLUMNS_OF: Readonly<Record<Exclude<UserField, "id">, readonly (keyof UserRow)[]>> = {
  email: ["email"],
  display_name: ["displayName"],
  avatar_url: ["avatarUrl"],
  avatar_thumbnail_url: ["avatarThumbnailUrl"],
  create_time: ["createdAt"],
  update_time: ["updatedAt"],
};

/** The {@link UserRepository} over the service's Prisma client. */
export function createPrismaUserRepository(prisma: PrismaClient): UserRepository {
  return {
    async findById(id) {
      return (await prisma.user.findUnique({ where: { id } })) ?? undefined;
    },
    async findByIds(ids, fields = EVERY_FIELD) {
      if (ids.length === 0) return [];
      const select = selectColumns(fields, COLUMNS_OF, ["id"]);
      // Prisma types a `select` built at run time as if every column came back: PartialUser says what did.
      const users: PartialUser[] = await prisma.user.findMany({ where: { id: { in: [...ids] } }, select });
      return users;
    },
    async findByEmail(email) {
      return (await prisma.user.findUnique({ where: { email } })) ?? undefined;
    },
    async insert(user) {
      try {
        await prisma.user.create({ data: user });
      } catch (error) {
        throw registrationError(error, user.email);
      }
    },
    async update(id, changes: UserChanges) {
      try {
        return await prisma.user.update({ where: { id }, data: changes });
      } catch (error) {
        if (isRecordNotFound(error)) return undefined;
        throw error;
      }
    },
    async replacePasswordHash(id, expectedHash, nextHash) {
      const { count } = await prisma.user.updateMany({ where: { id, passwordHash: expectedHash }, data: { passwordHash: nextHash } });
      return count === 1;
    },
    async insertMany(users: readonly StoredUser[]) {
      let written = 0;
      for (let start = 0; start < users.length; start += INSERT_CHUNK) {
        const chunk = users.slice(start, start + INSERT_CHUNK);
        written += (await prisma.user.createMany({ data: chunk, skipDuplicates: true })).count;
      }
      return written;
    },
    count() {
      return prisma.user.count();
    },
  };
}
