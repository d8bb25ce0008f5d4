/** One product and a quantity of it. */
export interface StockLine {
  readonly productId: string;
  readonly quantity: number;
}

/**
 * Adds up lines for the same product, keeping the order in which each product first appears.
 * A reservation always stores and compares its lines in this merged form.
 */
export function mergeStockLines(lines: readonly StockLine[]): StockLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  return [...totals].map(([productId, quantity]) => ({ productId, quantity }));
}

/** True when both sets of merged lines hold the same quantity of the same products, in any order. */
export function sameStockLines(a: readonly StockLine[], b: readonly StockLine[]): boolean {
  if (a.length !== b.length) return false;
  const quantities = new Map(a.map((line) => [line.productId, line.quantity]));
  return b.every((line) => quantities.get(line.productId) === line.quantity);
}

/**
 * The lines sorted by product id: the order in which stock rows are locked, so that two
 * reservations touching the same products can never deadlock.
 */
export function lockOrder(lines: readonly StockLine[]): StockLine[] {
  return [...lines].sort((x, y) => (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0));
}
