import type { ProductRecord } from "../../src/domain/product.js";
import { demoProductRecord } from "../../src/seed.js";

/** Demo product `index` as a stored record, optionally with some fields replaced. */
export function productRecord(index: number, overrides: Partial<ProductRecord> = {}): ProductRecord {
  return { ...demoProductRecord(index), ...overrides };
}
