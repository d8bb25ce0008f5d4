/**
 * Stock is short for some products of an order; nothing was reserved or placed. Both BFFs return it
 * as the `OutOfStockError` member of `PlaceOrderResult` (through @pothos/plugin-errors).
 */
export class OutOfStockError extends Error {
  /** The products that are short, as the catalog names them (each BFF presents them its way). */
  readonly productIds: readonly string[];

  constructor(productIds: readonly string[]) {
    super("Some products are out of stock.");
    this.name = "OutOfStockError";
    this.productIds = productIds;
  }
}
