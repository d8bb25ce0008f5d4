import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** PGlite served on a local TCP port, so `pg` (and therefore `@prisma/adapter-pg`) can talk to it. */
export interface EmbeddedPostgres {
  /** A `postgres://` URL of the socket server (127.0.0.1, a free port). */
  readonly url: string;
  /** The PGlite instance itself (one database session). */
  readonly pglite: PGlite;
  /** Stops the socket server, then closes PGlite (flushing it to its data directory). */
  close(): Promise<void>;
}

/**
 * PostgreSQL settings of the embedded database, on top of PGlite's own start parameters. The
 * buffer cache lives inside PGlite's WebAssembly memory, which grows but never shrinks: at
 * PostgreSQL's default of 128 MB it alone takes that memory from its 128 MiB floor to 189 MiB at
 * start. 32 MB holds every demo table and index (orders, the largest, is 14 MB of tables and
 * indexes after seeding), so the hot set stays cached.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ["-c", "shared_buffers=32MB"];

/**
 * Starts PGlite, persisted under `dataDir` (created if missing) or in memory when `dataDir` is
 * undefined, and serves it on 127.0.0.1 at a free port.
 */
export async function startEmbeddedPostgres(options: { readonly dataDir?: string }): Promise<EmbeddedPostgres> {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const settings = { startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] };
  const pglite = options.dataDir === undefined ? new PGlite(settings) : new PGlite(options.dataDir, settings);
  await pglite.waitReady;
  // PGlite is one session: the socket server multiplexes connections onto it query by query, so the
  // application keeps a pool of one; a few extra connections leave room for short-lived tools.
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 8 });
  try {
    await server.start();
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const conn = server.getServerConn(); // "127.0.0.1:<port>"
  let closed: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    pglite,
    close() {
      closed ??= (async () => {
        try {
          await server.stop();
        } finally {
          await pglite.close();
        }
      })();
      return closed;
    },
  };
}
