import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server the test helpers use unless told otherwise (trust auth on the dev and CI machines). */
export const defaultTestServerUrl = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Whether a PostgreSQL server answers at `serverUrl` within `timeoutMs` (connect and `SELECT 1`).
 * Tests use it to skip, with a clear reason, instead of failing when no server runs.
 */
export async function postgresAvailable(
  serverUrl: string = defaultTestServerUrl,
  timeoutMs = 2_000,
): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A freshly created, uniquely named database on a test server. */
export interface TestPostgresDatabase {
  /** Its URL. */
  readonly url: string;
  /** Its name (`test_<prefix>_<random>`). */
  readonly name: string;
  /** Drops it (terminating any connection left open). Idempotent. */
  drop(): Promise<void>;
}

async function withAdminClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a uniquely named database on the test server (`serverUrl`); call `drop()` after the tests. */
export async function createTestPostgresDatabase(
  options: { readonly serverUrl?: string; readonly prefix?: string } = {},
): Promise<TestPostgresDatabase> {
  const serverUrl = options.serverUrl ?? defaultTestServerUrl;
  const prefix = (options.prefix ?? "shop").toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 30);
  const name = `test_${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop() {
      dropped ??= withAdminClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      return dropped;
    },
  };
}
