import { Code, ConnectError } from "@connectrpc/connect";
import { createTelemetry, METRIC_NAMES, SpanKind, type LoaderMetrics } from "@shop/grpc-runtime";
import { describe, expect, it } from "vitest";
import { spanCollector } from "@shop/grpc-runtime/testing";
import { loadBffConfig } from "./bff-config.js";
import { startDeadline } from "./deadline.js";
import { callOptionsFor } from "./call-options.js";
import { createLoaders, LOADER_NAMES, MAX_BATCH_SIZE, primeLoader, type LoaderName } from "./loaders.js";
import { createRequestReadMasks } from "./read-masks/index.js";
import { createFakeServices, type Seed } from "@shop/bff-testing";
import { newId } from "@shop/grpc-runtime/ids";

/** A catalog of `count` products and nothing else; `ids[i]` is product i. */
function catalogOf(count: number): { seed: Seed; ids: string[] } {
  const products = Array.from({ length: count }, (_, i) => ({ id: newId(), name: `Product ${i}`, priceMinor: 100 + i }));
  return {
    seed: async (records) => {
      await records.addProducts(products);
    },
    ids: products.map((p) => p.id),
  };
}

function loadersOver({ seed }: { seed: Seed }, budgetMs = 2000) {
  const fakes = createFakeServices(seed);
  const deadline = startDeadline(budgetMs);
  const loaders = createLoaders(fakes.clients, () =>
    callOptionsFor({ requestId: "req-1", caller: "test", deadline, userId: "user-1", traceparent: "00-abc-def-01" }),
  );
  return { fakes, loaders };
}

describe("per-request loaders and read masks", () => {
  function maskedLoaders(productPaths: readonly string[]) {
    const catalog = catalogOf(3);
    const fakes = createFakeServices(catalog.seed);
    const masks = createRequestReadMasks();
    masks.set({ product: productPaths });
    const deadline = startDeadline(2000);
    const loaders = createLoaders(fakes.clients, () => callOptionsFor({ requestId: "req-1", caller: "test", deadline }), masks);
    return { fakes, loaders, ids: catalog.ids };
  }
  const batchMask = (fakes: ReturnType<typeof createFakeServices>) =>
    (fakes.calls.all.find((c) => c.method === "BatchGetProducts")?.request as { readMask?: { paths: string[] } } | undefined)?.readMask?.paths;

  it("when the request's mask is set, then a batch reads with it", async () => {
    const { fakes, loaders, ids } = maskedLoaders(["id", "name"]);
    const product = await loaders.products.load(ids[0]!);
    expect(product?.name).toBe("Product 0");
    expect(batchMask(fakes)).toEqual(["id", "name"]);
  });

  it("when records read with a narrower mask are primed, then they are not served and the loader fetches what it needs", async () => {
    const { fakes, loaders, ids } = maskedLoaders(["id", "name", "price"]);
    primeLoader(loaders.products, [{ id: ids[0]!, name: "from a list that read names only" } as never], ["id", "name"]);
    const product = await loaders.products.load(ids[0]!);
    expect(product?.name).toBe("Product 0");
    expect(fakes.calls.count("catalog.BatchGetProducts")).toBe(1);
    expect(batchMask(fakes)).toEqual(["id", "name", "price"]);
  });

  it("when records read with the same or a wider mask are primed, then they are served without a call", async () => {
    const { fakes, loaders, ids } = maskedLoaders(["id", "name"]);
    primeLoader(loaders.products, [{ id: ids[0]!, name: "primed" } as never], ["id", "name", "price"]);
    primeLoader(loaders.products, [{ id: ids[1]!, name: "primed, every field" } as never]);
    expect((await loaders.products.loadMany([ids[0]!, ids[1]!])).map((p) => (p as { name: string }).name)).toEqual(["primed", "primed, every field"]);
    expect(fakes.calls.count()).toBe(0);
  });
});

describe("per-request loaders over batch RPCs", () => {
  it("when keys of one tick are loaded, then one BatchGetProducts answers them in key order with null for missing ids", async () => {
    const catalog = catalogOf(5);
    const { fakes, loaders } = loadersOver(catalog);
    const [p1, p3, nope] = [catalog.ids[1]!, catalog.ids[3]!, newId()];
    const results = await Promise.all([p3, nope, p1, p3].map((id) => loaders.products.load(id)));
    expect(results.map((p) => p?.id ?? null)).toEqual([p3, null, p1, p3]);
    expect(fakes.calls.summary()).toEqual({ "catalog.BatchGetProducts": 1 });
    expect((fakes.calls.all[0]!.request as { ids: string[] }).ids).toEqual([p3, nope, p1]);
  });

  it("when a key is not a record id, then it is null without being sent and the valid keys of its tick still load", async () => {
    const catalog = catalogOf(2);
    const { fakes, loaders } = loadersOver(catalog);
    const [p0, p1] = [catalog.ids[0]!, catalog.ids[1]!];
    const results = await Promise.all([p0, "p-1", p1, newId().toUpperCase(), "00000000-0000-4000-8000-000000000000"].map((id) => loaders.products.load(id)));
    expect(results.map((p) => p?.id ?? null)).toEqual([p0, null, p1, null, null]);
    expect((fakes.calls.all[0]!.request as { ids: string[] }).ids).toEqual([p0, p1]);
    fakes.calls.reset();
    expect(await loaders.users.loadMany(["u-1", ""])).toEqual([null, null]);
    expect(fakes.calls.count()).toBe(0);
  });

  it("when more than 500 distinct ids are loaded at once, then they are split into calls of at most 500", async () => {
    const catalog = catalogOf(1_201);
    const { fakes, loaders } = loadersOver(catalog);
    const ids = catalog.ids;
    const products = await loaders.products.loadMany(ids);
    expect(products.every((p, i) => !(p instanceof Error) && p?.id === ids[i])).toBe(true);
    const sizes = fakes.calls.all.map((c) => (c.request as { ids: string[] }).ids.length);
    expect(sizes).toEqual([MAX_BATCH_SIZE, MAX_BATCH_SIZE, 201]);
  });

  it("when one batch call fails, then its keys get the error and other loaders are unaffected", async () => {
    const catalog = catalogOf(2);
    const { fakes, loaders } = loadersOver(catalog);
    fakes.fail("catalog", Code.Unavailable);
    const [products, users] = await Promise.all([loaders.products.loadMany(catalog.ids), loaders.users.loadMany([newId()])]);
    expect(products.map((p) => (p instanceof ConnectError ? p.code : p))).toEqual([Code.Unavailable, Code.Unavailable]);
    expect(users).toEqual([null]);
  });

  it("when a call is made, then it carries the remaining budget, request id, user, traceparent and caller", async () => {
    const catalog = catalogOf(1);
    const { fakes, loaders } = loadersOver(catalog, 1500);
    await loaders.products.load(catalog.ids[0]!);
    const call = fakes.calls.all[0]!;
    expect(call.timeoutMs).toBeGreaterThan(1000);
    expect(call.timeoutMs).toBeLessThanOrEqual(1500);
    expect(call.headers.get("x-request-id")).toBe("req-1");
    expect(call.endUser).toBe("user-1");
    expect(call.headers.has("x-user-id")).toBe(false);
    expect(call.headers.get("traceparent")).toBe("00-abc-def-01");
    expect(call.headers.get("x-caller")).toBe("test");
  });

  it("when the budget is already spent, then no RPC is made and the keys fail with DEADLINE_EXCEEDED", async () => {
    const catalog = catalogOf(1);
    const fakes = createFakeServices(catalog.seed);
    const spent = { at: 0, remainingMs: () => 0 };
    const loaders = createLoaders(fakes.clients, () => callOptionsFor({ requestId: "r", caller: "t", deadline: spent }));
    await expect(loaders.products.load(catalog.ids[0]!)).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(fakes.calls.count()).toBe(0);
  });

  it("when a service hangs, then the call ends at the request deadline with DEADLINE_EXCEEDED", async () => {
    const catalog = catalogOf(1);
    const { fakes, loaders } = loadersOver(catalog, 100);
    fakes.hang("catalog.BatchGetProducts");
    const started = Date.now();
    await expect(loaders.products.load(catalog.ids[0]!)).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

const SETTINGS = loadBffConfig({ prefix: "TEST", defaultPort: 0, name: "bff-test", metricsPort: 0 }, {}).telemetry;

describe("per-request loaders: telemetry", () => {
  function observedLoaders(count: number) {
    const catalog = catalogOf(count);
    const fakes = createFakeServices(catalog.seed);
    const { exporter, spans } = spanCollector();
    const telemetry = createTelemetry({ settings: SETTINGS, exporter });
    const operation = telemetry.tracing!.startSpan("query Test", SpanKind.SERVER, undefined);
    const deadline = startDeadline(2000);
    const metrics = Object.fromEntries(LOADER_NAMES.map((name) => [name, telemetry.metrics.loader(name)])) as Record<LoaderName, LoaderMetrics>;
    const loaders = createLoaders(
      fakes.clients,
      (traceparent) => callOptionsFor({ requestId: "req-1", caller: "test", deadline, traceparent: operation.traceparent }, traceparent),
      undefined,
      { metrics, startBatch: (loader, size) => telemetry.tracing!.startSpan(`dataloader.batch ${loader}`, SpanKind.INTERNAL, operation.span, { "graphql.dataloader.batch_size": size }) },
    );
    return { fakes, loaders, ids: catalog.ids, telemetry, spans, operation };
  }

  it("when a batch call fails, then its span ends with status ERROR and every key of the batch gets the failure", async () => {
    const { fakes, loaders, ids, telemetry, spans } = observedLoaders(2);
    fakes.fail("catalog.BatchGetProducts", Code.Unavailable);
    const products = await loaders.products.loadMany(ids);
    expect(products.every((p) => p instanceof ConnectError && p.code === Code.Unavailable)).toBe(true);
    await telemetry.shutdown();
    const [batch] = spans;
    expect(batch?.name).toBe("dataloader.batch products");
    expect(batch?.status).toEqual({ code: 2, message: "Unavailable" });
    expect(batch?.attributes["graphql.dataloader.batch_size"]).toBe(2);
  });

  it("when records are primed or asked twice, then those loads count as cache hits and only the rest are batched", async () => {
    const { loaders, ids, telemetry } = observedLoaders(3);
    primeLoader(loaders.products, [{ id: ids[0]!, name: "primed" } as never]);
    await loaders.products.loadMany([ids[0]!, ids[1]!, ids[2]!, ids[1]!]);
    await loaders.products.load(ids[2]!);
    const value = async (name: string) => (await telemetry.metrics.registry.getSingleMetric(name)!.get()).values.find((v) => v.labels["loader"] === "products")?.value;
    expect(await value(METRIC_NAMES.dataloaderLoads)).toBe(5);
    expect(await value(METRIC_NAMES.dataloaderCacheHits)).toBe(3);
    const sizes = (await telemetry.metrics.registry.getSingleMetric(METRIC_NAMES.dataloaderBatchSize)!.get()).values;
    expect(sizes.find((v) => (v as { metricName?: string }).metricName?.endsWith("_sum") && v.labels["loader"] === "products")?.value).toBe(2);
    await telemetry.shutdown();
  });

  it("when a batch is traced, then its call carries the batch span's traceparent, in the operation's trace", async () => {
    const { fakes, loaders, ids, telemetry, operation } = observedLoaders(1);
    await loaders.products.load(ids[0]!);
    await telemetry.shutdown();
    const sent = fakes.calls.all[0]!.headers.get("traceparent")!;
    expect(sent).not.toBe(operation.traceparent);
    expect(sent.slice(0, 36)).toBe(operation.traceparent.slice(0, 36));
  });
});
