import pg from "pg";

/** The advisory-lock key every migration run takes (PostgreSQL `hashtext` of this text). */
export const migrationLockName = "shop:schema-migrations";

/**
 * Runs `fn` while holding a session-level PostgreSQL advisory lock on a dedicated connection to
 * `url`, so that only one process at a time gets past this point for the same database. The lock is
 * released (and the connection closed) whatever `fn` does; a crash releases it with the session.
 */
export async function withAdvisoryLock<T>(
  options: { readonly url: string; readonly name?: string; readonly timeoutMs?: number },
  fn: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.max(0, Math.trunc(options.timeoutMs ?? 120_000))}`);
    const name = options.name ?? migrationLockName;
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  } finally {
    await client.end();
  }
}
