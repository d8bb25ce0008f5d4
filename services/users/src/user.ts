/** A user as the use cases hand it out: everything but the password hash. */
export interface User {
  /** UUIDv7. */
  readonly id: string;
  /** Lower-cased. */
  readonly email: string;
  /** 1 to 100 characters, trimmed. */
  readonly displayName: string;
  /** Absolute http(s) URL, or empty when the user has no avatar. */
  readonly avatarUrl: string;
  /** Derived from `avatarUrl` (see `thumbnailUrlOf`), or empty. */
  readonly avatarThumbnailUrl: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * What a read may select of a user (its read mask's paths): the contract's field names, so a
 * caller's mask is checked against exactly what it can ask for.
 */
export const USER_FIELDS = [
  "id",
  "email",
  "display_name",
  "avatar_url",
  "avatar_thumbnail_url",
  "create_time",
  "update_time",
] as const;

/** One of {@link USER_FIELDS}. */
export type UserField = (typeof USER_FIELDS)[number];

/**
 * A user as a read returns it: the id always, every other field only when the read selected it,
 * since the repository reads just those columns (and never the password hash). Optional rather
 * than defaulted, so a field that was not read can never pass for an empty one; a whole User is
 * one too.
 */
export type PartialUser = Pick<User, "id"> & Partial<User>;
