import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.js";

// A forced, full collection makes the heap reading a count of what is still reachable, so the
// figure does not depend on timing or on how busy the machine is.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function reachableHeapMb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const ROWS_PER_QUERY = 20;
const CALLS = 2_000;

describe("embedded PostgreSQL under many calls", () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({});
    pool = new pg.Pool({ connectionString: embedded.url, max: 1 });
    await pool.query(
      "CREATE TABLE items (id text PRIMARY KEY, name text NOT NULL, description text NOT NULL);" +
        "INSERT INTO items SELECT 'item-' || g, 'name ' || g, repeat('d', 300) FROM generate_series(1, 200) g",
    );
  });

  afterAll(async () => {
    await pool?.end();
    await embedded?.close();
  });

  it(`when ${CALLS} queries of ${ROWS_PER_QUERY} rows go through the socket server, then the heap keeps none of their results`, async () => {
    const ids = Array.from({ length: ROWS_PER_QUERY }, (_, i) => `item-${i + 1}`);
    const query = async () => {
      const result = await pool.query("SELECT * FROM items WHERE id = ANY($1)", [ids]);
      expect(result.rowCount).toBe(ROWS_PER_QUERY);
    };
    for (let i = 0; i < 300; i++) await query(); // warm: pools, prepared paths, JIT code
    const before = reachableHeapMb();
    for (let i = 0; i < CALLS; i++) await query();
    const retainedMb = reachableHeapMb() - before;

    // pglite 0.4.3 kept every parsed result message of the socket path (≈ 11 KB per call here,
    // ≈ 22 MB for these calls); what is left now is noise well under 1 MB.
    expect(retainedMb).toBeLessThan(4);
  }, 120_000);
});
