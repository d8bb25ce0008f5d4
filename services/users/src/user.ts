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
