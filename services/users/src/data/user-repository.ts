import type { FieldSelection } from "@shop/service-host";
import type { PartialUser, User, UserField } from "../user.js";

/** A user row as stored: the public fields plus the password hash, which only the use cases see. */
export interface StoredUser extends User {
  /** Argon2id (PHC form), a legacy `scrypt$N$r$p$salt$hash`, or a marker no password matches. */
  readonly passwordHash: string;
}

/** The fields UpdateUser may change; absent fields stay as they are. */
export interface UserChanges {
  readonly displayName?: string;
  readonly avatarUrl?: string;
  readonly avatarThumbnailUrl?: string;
  readonly updatedAt: Date;
}

/** Thrown by {@link UserRepository.insert} when the (lower-cased) email is already registered. */
export class EmailTakenError extends Error {
  override readonly name = "EmailTakenError";
  constructor(readonly email: string) {
    super("email already registered");
  }
}

/** Persistence of users. The only implementation that touches a database is in this folder. */
export interface UserRepository {
  /** The user with this id, or undefined. */
  findById(id: string): Promise<StoredUser | undefined>;
  /**
   * The users with these ids, in no particular order, in ONE query that reads the columns of the
   * selected `fields` (every field by default) and the id, never the password hash. May return
   * more fields than selected (the handlers answer only the selected ones), never fewer.
   */
  findByIds(ids: readonly string[], fields?: FieldSelection<UserField>): Promise<PartialUser[]>;
  /** The user with this (already lower-cased) email, or undefined. */
  findByEmail(email: string): Promise<StoredUser | undefined>;
  /** Inserts a new user; throws {@link EmailTakenError} when the email is taken, even under a race. */
  insert(user: StoredUser): Promise<void>;
  /** Applies `changes` and returns the updated user, or undefined when there is no such user. */
  update(id: string, changes: UserChanges): Promise<StoredUser | undefined>;
  /**
   * Replaces the password hash with `nextHash` (same password, current parameters) only if it is
   * still `expectedHash`, so a password change in between is never overwritten; true when replaced.
   * The update time stays: the user changed nothing.
   */
  replacePasswordHash(id: string, expectedHash: string, nextHash: string): Promise<boolean>;
  /** Bulk insert for the seed; returns the number of rows written. */
  insertMany(users: readonly StoredUser[]): Promise<number>;
  /** How many users there are. */
  count(): Promise<number>;
}

/** The public view of a stored user: the password hash stays behind. */
export function withoutPasswordHash(stored: StoredUser): User {
  return {
    id: stored.id,
    email: stored.email,
    displayName: stored.displayName,
    avatarUrl: stored.avatarUrl,
    avatarThumbnailUrl: stored.avatarThumbnailUrl,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}
