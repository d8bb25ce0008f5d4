import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { supportInternalCharColumns } from "./internal-char-columns.js";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";

/**
 * The adapter factory the schema engine runs on: one connection to `url` (or, without a URL, to a
 * throw-away in-memory PGlite), and shadow databases that are always throw-away in-memory PGlite
 * instances, so diffing a migrations folder needs no rights to create databases on the server.
 * Call `close()` when the engine is done.
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  readonly #url: string | undefined;
  #scratch: Promise<EmbeddedPostgres> | undefined;
  /** Every connection handed to the engine; closed by `close()` (the engine does not dispose them). */
  readonly #opened: SqlDriverAdapter[] = [];

  /** @param url the database to migrate; undefined → a scratch in-memory PGlite. */
  constructor(url?: string) {
    this.#url = url;
  }

  async connect(): Promise<SqlDriverAdapter> {
    if (this.#url === undefined) return this.#connectToScratch();
    return this.#track(supportInternalCharColumns(await new PrismaPg({ connectionString: this.#url, max: 1 }).connect()));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#connectToScratch();
  }

  /**
   * Closes every connection the engine was given, then the scratch database, if one was started.
   * This matters: the engine takes PostgreSQL's session-level migration advisory lock on its
   * connection, so a connection left open would hold that lock and stall the next migration run.
   */
  async close(): Promise<void> {
    for (const adapter of this.#opened.splice(0)) {
      try {
        await adapter.dispose();
      } catch {
        // already closed
      }
    }
    const scratch = this.#scratch;
    this.#scratch = undefined;
    if (scratch !== undefined) await (await scratch).close();
  }

  /**
   * One scratch PGlite serves as both main and shadow database: the engine empties the shadow before
   * replaying migrations into it, and never writes to the main one when diffing.
   */
  async #connectToScratch(): Promise<SqlDriverAdapter> {
    this.#scratch ??= startEmbeddedPostgres({});
    const db = await this.#scratch;
    return this.#track(supportInternalCharColumns(await new PrismaPg({ connectionString: db.url, max: 1 }).connect()));
  }

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.#opened.push(adapter);
    return adapter;
  }
}
