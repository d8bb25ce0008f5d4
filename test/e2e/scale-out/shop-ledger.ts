import pg from "pg";
import type { OrderRequest } from "./shoppers.js";

/** What the databases say about the orders of a run, against what the shoppers asked for. */
export interface LedgerCheck {
  /** Orders found per idempotency key of the run (every key should have exactly one). */
  readonly ordersPerKey: ReadonlyMap<string, number>;
  /** Keys with more than one order. */
  readonly duplicated: readonly string[];
  /** Keys a shopper saw placed that have no order. */
  readonly lost: readonly string[];
  /** Orders of the run no shopper asked for. */
  readonly unknown: readonly string[];
  /** Per product: units ordered (sum of the run's order lines) and the stock it lost. */
  readonly stock: readonly { readonly productId: string; readonly ordered: number; readonly stockDecrease: number }[];
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Stock per product, read straight from the catalog database. */
export function stockOf(catalogUrl: string, productIds: readonly string[]): Promise<Map<string, number>> {
  return withClient(catalogUrl, async (client) => {
    const { rows } = await client.query<{ id: string; stock: number }>("SELECT id::text, stock FROM products WHERE id = ANY($1::uuid[])", [productIds]);
    return new Map(rows.map((row) => [row.id, row.stock]));
  });
}

/**
 * Reads the orders of the run (idempotency keys starting with `keyPrefix`) from the orders database
 * and the stock of `initialStock`'s products from the catalog database, and compares them with
 * what the shoppers asked for.
 */
export async function checkLedger(options: {
  readonly ordersUrl: string;
  readonly catalogUrl: string;
  readonly keyPrefix: string;
  readonly requests: ReadonlyMap<string, OrderRequest>;
  readonly initialStock: ReadonlyMap<string, number>;
}): Promise<LedgerCheck> {
  const like = `${options.keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
  const { perKey, ordered } = await withClient(options.ordersUrl, async (client) => {
    const keys = await client.query<{ key: string; orders: number }>(
      "SELECT idempotency_key AS key, count(*)::int AS orders FROM orders WHERE idempotency_key LIKE $1 GROUP BY 1",
      [like],
    );
    const lines = await client.query<{ product_id: string; units: number }>(
      `SELECT l.product_id::text AS product_id, sum(l.quantity)::int AS units
         FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE o.idempotency_key LIKE $1 GROUP BY 1`,
      [like],
    );
    return {
      perKey: new Map(keys.rows.map((r) => [r.key, r.orders])),
      ordered: new Map(lines.rows.map((r) => [r.product_id, r.units])),
    };
  });
  const now = await stockOf(options.catalogUrl, [...options.initialStock.keys()]);
  return {
    ordersPerKey: perKey,
    duplicated: [...perKey].filter(([, count]) => count > 1).map(([key]) => key),
    lost: [...options.requests.values()].filter((r) => r.placed && !perKey.has(r.key)).map((r) => r.key),
    unknown: [...perKey.keys()].filter((key) => !options.requests.has(key)),
    stock: [...options.initialStock].map(([productId, initial]) => ({
      productId,
      ordered: ordered.get(productId) ?? 0,
      stockDecrease: initial - (now.get(productId) ?? Number.NaN),
    })),
  };
}
