import { Code, ConnectError, type CallOptions } from "@connectrpc/connect";
import { SpanStatusCode } from "@opentelemetry/api";
import DataLoader from "dataloader";
import type { Product } from "@shop/contracts/catalog/v1";
import type { Order } from "@shop/contracts/orders/v1";
import type { User } from "@shop/contracts/users/v1";
import type { LoaderMetrics, TracedSpan } from "@shop/grpc-runtime";
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

/** The name of each per-request loader (its label in metrics and spans). */
export type LoaderName = keyof Loaders;

/** The names of the loaders, in the order they are made. */
export const LOADER_NAMES: readonly LoaderName[] = ["users", "products", "orders"];

/** What the loaders of one request report. Each part is optional: absent, nothing is recorded. */
export interface LoaderTelemetry {
  /** Each loader's instruments, made once per process (`metrics.loader(name)`): batch sizes, loads, cache hits. */
  readonly metrics?: Readonly<Record<LoaderName, LoaderMetrics>> | undefined;
  /**
   * Starts the span of one batch RPC of `size` ids (a child of the operation's span); the RPC
   * carries the span's `traceparent`, so its client span is the batch span's child.
   */
  readonly startBatch?: ((loader: LoaderName, size: number) => TracedSpan) | undefined;
}

/**
 * Loaders for one request. `callOptions` is asked once per RPC so each call carries the remaining
 * deadline budget and the request's headers at the moment it is sent (with the batch span's
 * `traceparent` when tracing); every batch reads its entity with the request's mask (one mask per
 * entity per operation, so the keys of one tick always share it and stay one call).
 */
export function createLoaders(
  clients: ServiceClients,
  callOptions: (traceparent?: string) => CallOptions,
  masks: RequestReadMasks = EVERY_FIELD,
  telemetry: LoaderTelemetry = {},
): Loaders {
  const loader = <T extends { readonly id: string }>(
    name: LoaderName,
    entity: "user" | "product" | "order",
    rpc: (ids: string[], options: CallOptions) => Promise<readonly T[]>,
  ) => byIdLoader(name, () => masks.of(entity), rpc, callOptions, telemetry);
  return {
    users: loader("users", "user", async (ids, options) => (await clients.users.batchGetUsers({ ids, ...masks.request("user") }, options)).users),
    products: loader("products", "product", async (ids, options) => (await clients.catalog.batchGetProducts({ ids, ...masks.request("product") }, options)).products),
    orders: loader("orders", "order", async (ids, options) => (await clients.orders.batchGetOrders({ ids, ...masks.request("order") }, options)).orders),
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
  name: LoaderName,
  mask: () => ReadMask,
  rpc: (ids: string[], options: CallOptions) => Promise<readonly T[]>,
  callOptions: (traceparent?: string) => CallOptions,
  telemetry: LoaderTelemetry,
): DataLoader<string, T | null> {
  const metrics = telemetry.metrics?.[name];
  const startBatch = telemetry.startBatch;
  const fetch = (ids: string[]): Promise<readonly T[]> => {
    metrics?.batch(ids.length);
    if (startBatch === undefined) return rpc(ids, callOptions());
    return inBatchSpan(startBatch(name, ids.length), (traceparent) => rpc(ids, callOptions(traceparent)));
  };
  const batch = (keys: readonly string[]) => loadInKeyOrder(keys, fetch);
  const loader = metrics === undefined ? new DataLoader<string, T | null>(batch, { maxBatchSize: MAX_BATCH_SIZE }) : new MeasuredLoader<T | null>(batch, metrics);
  loaderMasks.set(loader, mask);
  return loader;
}

/**
 * A loader that counts every key asked of it and whether its cache answered (primed keys
 * included): the cache is a Map of its own, looked at before DataLoader's `load` (which
 * `loadMany` calls for each key).
 */
class MeasuredLoader<V> extends DataLoader<string, V> {
  readonly #cache: Map<string, Promise<V>>;
  readonly #metrics: LoaderMetrics;

  constructor(batch: DataLoader.BatchLoadFn<string, V>, metrics: LoaderMetrics) {
    const cache = new Map<string, Promise<V>>();
    super(batch, { maxBatchSize: MAX_BATCH_SIZE, cacheMap: cache });
    this.#cache = cache;
    this.#metrics = metrics;
  }

  override load(key: string): Promise<V> {
    this.#metrics.load(this.#cache.has(key));
    return super.load(key);
  }
}

/** Runs one batch RPC inside its span: the span ends with the call, with status ERROR when it fails. */
async function inBatchSpan<R>(traced: TracedSpan, call: (traceparent: string) => Promise<R>): Promise<R> {
  try {
    return await call(traced.traceparent);
  } catch (error) {
    if (traced.span.isRecording()) traced.span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof ConnectError ? Code[error.code] : "failed" });
    throw error;
  } finally {
    traced.span.end();
  }
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
