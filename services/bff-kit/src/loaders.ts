import type { CallOptions } from "@connectrpc/connect";
import DataLoader from "dataloader";
import type { Product } from "@shop/contracts/catalog/v1";
import type { Order } from "@shop/contracts/orders/v1";
import type { User } from "@shop/contracts/users/v1";
import { isUuidV7 } from "@shop/grpc-runtime/ids";
import { maskCovers, type ReadMask, type RequestReadMasks } from "./read-masks/index.js";
import type { ServiceClients } from "./service-clients.js";

/** The most ids one BatchGet* RPC accepts (the contracts' limit); larger sets split into calls. */
export const MAX_BATCH_SIZE = 500;

/**
 * The per-request loaders. Each coalesces the keys asked for in one tick into one batch RPC (at
 * most {@link MAX_BATCH_SIZE} ids per call), answers in key order, gives null for a missing id
 * and, when a call fails, that call's error to each of its keys only.
 */
export interface Loaders {
  /** Users by id, through UserService.BatchGetUsers. */
  readonly users: DataLoader<string, User | null>;
  /** Products by id, through CatalogService.BatchGetProducts. */
  readonly products: DataLoader<string, Product | null>;
  /** Orders by id, through OrderService.BatchGetOrders. Ownership is NOT checked here. */
  readonly orders: DataLoader<string, Order | null>;
}

/**
 * Loaders for one request. `callOptions` is asked once per RPC so each call carries the remaining
 * deadline budget and the request's headers at the moment it is sent; every batch reads its
 * entity with the request's mask (one mask per entity per operation, so the keys of one tick
 * always share it and stay one call).
 */
export function createLoaders(clients: ServiceClients, callOptions: () => CallOptions, masks: RequestReadMasks = EVERY_FIELD): Loaders {
  return {
    users: byIdLoader(() => masks.of("user"), async (ids) => (await clients.users.batchGetUsers({ ids, ...masks.request("user") }, callOptions())).users),
    products: byIdLoader(
      () => masks.of("product"),
      async (ids) => (await clients.catalog.batchGetProducts({ ids, ...masks.request("product") }, callOptions())).products,
    ),
    orders: byIdLoader(() => masks.of("order"), async (ids) => (await clients.orders.batchGetOrders({ ids, ...masks.request("order") }, callOptions())).orders),
  };
}

/**
 * Seeds a loader's cache with records already at hand, so they are not fetched again: from a
 * list RPC (pass the mask it read with) or a write's answer (every field, the default). Records
 * read with a mask that does not cover the loader's own are left out, so the cache never answers a
 * field from a record that was read without it; the loader fetches those instead.
 */
export function primeLoader<T extends { readonly id: string }>(
  loader: DataLoader<string, T | null>,
  records: Iterable<T>,
  readWith: ReadMask = "all",
): void {
  const needs = loaderMasks.get(loader)?.() ?? "all";
  if (!maskCovers(readWith, needs)) return;
  for (const record of records) loader.prime(record.id, record);
}

/** Every request's masks are "all" when nobody sets them. */
const EVERY_FIELD: RequestReadMasks = { of: () => "all", request: () => ({}) };

/** The mask each loader made here reads with, for {@link primeLoader}'s check. */
const loaderMasks = new WeakMap<DataLoader<string, unknown>, () => ReadMask>();

function byIdLoader<T extends { readonly id: string }>(
  mask: () => ReadMask,
  fetch: (ids: string[]) => Promise<readonly T[]>,
): DataLoader<string, T | null> {
  const loader = new DataLoader<string, T | null>((keys) => loadInKeyOrder(keys, fetch), { maxBatchSize: MAX_BATCH_SIZE });
  loaderMasks.set(loader, mask);
  return loader;
}

/**
 * One batch: one RPC for the distinct keys, answered in key order (missing → null, failure → the
 * error for every key). A key that is not a record id (the contracts' ids are UUIDv7) cannot exist:
 * it is null without being sent, so one malformed id never fails the valid ids batched with it.
 */
export async function loadInKeyOrder<T extends { readonly id: string }>(
  keys: readonly string[],
  fetch: (ids: string[]) => Promise<readonly T[]>,
): Promise<(T | null | Error)[]> {
  const ids = [...new Set(keys)].filter(isRecordId);
  if (ids.length === 0) return keys.map(() => null);
  let found: readonly T[];
  try {
    found = await fetch(ids);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return keys.map(() => failure);
  }
  const byId = new Map(found.map((record) => [record.id, record] as const));
  return keys.map((key) => byId.get(key) ?? null);
}

/** True when `id` can name a record: the contracts' ids are lower-case UUIDv7. */
export function isRecordId(id: string): boolean {
  return isUuidV7(id);
}
