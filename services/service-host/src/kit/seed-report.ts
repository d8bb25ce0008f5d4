/** What seeding the demo data did; the same shape for every service. */
export interface SeedReport {
  /** Rows written (0 when the data was already there). */
  readonly inserted: number;
  /** Milliseconds spent, deciding included. */
  readonly ms: number;
}

/**
 * Runs `insert` (which returns the rows it wrote) only when `isEmpty` says there is nothing yet,
 * and reports what happened: seeding is idempotent, a seeded database is never written twice.
 */
export async function seedWhenEmpty(isEmpty: () => Promise<boolean>, insert: () => Promise<number>): Promise<SeedReport> {
  const started = performance.now();
  const inserted = (await isEmpty()) ? await insert() : 0;
  return { inserted, ms: Math.round(performance.now() - started) };
}
