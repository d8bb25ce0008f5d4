import { createTestPostgresDatabase, postgresAvailable, type TestPostgresDatabase } from "@shop/service-host/db";
import { DEMO_LOGIN, DEMO_PRODUCT_COUNT, demoProduct } from "@shop/service-host/demo";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rollingRestart } from "../../../scripts/launcher/rolling-restart.js";
import type { ServiceName } from "../../../scripts/launcher/system-processes.js";
import { startE2eSystem, type E2eSystem } from "../support/e2e-system.js";
import { webLogin } from "../support/web-order-flow.js";
import { describeFigures, figuresOf, notOk } from "./figures.js";
import { checkLedger, stockOf } from "./shop-ledger.js";
import { mobileLogin, Shoppers, type OperationRecord } from "./shoppers.js";

/**
 * Scale-out on one machine, under faults: users ×2, catalog ×3 and orders ×2 on PostgreSQL (one
 * fresh database per service, shared by its replicas, dropped after), both BFFs balancing every
 * call over the replicas, and a closed loop of 8 shoppers (4 on web, 4 on mobile) asking for home
 * pages and placing every 4th time an order, each pausing 150 ms after every answer. Without the
 * pause the 8 shoppers saturate the 2 shared cores, and a replica starting up (seconds of CPU)
 * pushes the slowest orders past the BFF's 2 s budget: a capacity limit, not what these tests are
 * about. The system is warmed up once; the scenarios run one after the other on it and each
 * prints its figures. Skipped, with the reason printed, when no PostgreSQL answers.
 */

const SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const available = await postgresAvailable(SERVER);
if (!available) console.warn(`scale-out e2e: skipped, no PostgreSQL server answers at ${SERVER}`);

const REPLICAS: Record<ServiceName, number> = { users: 2, catalog: 3, orders: 2 };
const THINK_MS = 150;
const RUN = `scale-${process.pid}-${Date.now().toString(36)}`;
const databases: Partial<Record<ServiceName, TestPostgresDatabase>> = {};
let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;
let tokens: { web: string; mobile: string };
/** Demo products with at least 900 units: no run can sell them out. */
const PRODUCTS = Array.from({ length: DEMO_PRODUCT_COUNT }, (_, i) => demoProduct(i))
  .filter((p) => p.stock >= 900)
  .slice(0, 12)
  .map((p) => p.id);
const started = Date.now();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const system = () => e2e!.system;
const isHome = (r: OperationRecord) => r.kind === "home";

function shopperEndpoints() {
  return { webUrl: system().webUrl, mobileUrl: system().mobileUrl, webToken: tokens.web, mobileToken: tokens.mobile };
}

function shoppers(keyPrefix: string, options: { readonly orderEvery?: number; readonly thinkMs?: number } = {}): Shoppers {
  return new Shoppers({ ...shopperEndpoints(), productIds: PRODUCTS, keyPrefix, orderEvery: options.orderEvery ?? 4, thinkMs: options.thinkMs ?? THINK_MS });
}

/** Fails with every operation that was not a full answer, listed with its time. */
function expectAllOk(records: readonly OperationRecord[]): void {
  expect(records.filter((r) => r.outcome !== "ok").length, notOk(records)).toBe(0);
}

/** Every order asked for was placed exactly once, none is unknown, and each product lost exactly the units ordered. */
async function expectExactLedger(run: Shoppers, keyPrefix: string, initialStock: ReadonlyMap<string, number>): Promise<string> {
  const ledger = await checkLedger({ ordersUrl: databases.orders!.url, catalogUrl: databases.catalog!.url, keyPrefix, requests: run.orders, initialStock });
  const requests = [...run.orders.values()];
  // A run that placed no order would make every check below vacuous.
  expect(requests.length, "orders asked for during the scenario").toBeGreaterThan(0);
  expect(ledger.stock.length, "products whose stock was checked").toBeGreaterThan(0);
  expect(requests.filter((r) => !r.placed).map((r) => r.key), "orders never answered with an Order").toEqual([]);
  expect(ledger.duplicated, "keys with more than one order").toEqual([]);
  expect(ledger.lost, "keys placed without an order in the database").toEqual([]);
  expect(ledger.unknown, "orders nobody asked for").toEqual([]);
  expect(ledger.ordersPerKey.size).toBe(requests.length);
  for (const line of ledger.stock) expect(line.stockDecrease, `stock decrease of ${line.productId}`).toBe(line.ordered);
  const units = ledger.stock.reduce((sum, l) => sum + l.ordered, 0);
  const retried = requests.filter((r) => r.attempts > 1).length;
  return `orders: ${requests.length} keys, ${ledger.ordersPerKey.size} orders in the database, 0 duplicates; ${retried} keys needed a retry; ${units} units ordered = stock decrease over ${ledger.stock.length} products`;
}

describe.skipIf(!available).sequential("scale-out: replicas under kill, freeze and rolling restart (PostgreSQL)", () => {
  beforeAll(async () => {
    const urls: Partial<Record<ServiceName, string>> = {};
    for (const service of ["users", "catalog", "orders"] as const) {
      databases[service] = await createTestPostgresDatabase({ serverUrl: SERVER, prefix: `scale_${service}` });
      urls[service] = databases[service]!.url;
    }
    e2e = await startE2eSystem({ databaseUrls: urls, replicas: REPLICAS });
    tokens = { web: await webLogin(system().webUrl), mobile: await mobileLogin(system().mobileUrl, DEMO_LOGIN.email, DEMO_LOGIN.password) };
    // Warm-up: every process compiles its hot paths and opens its connections and pools.
    const warmUp = shoppers(`${RUN}-warmup`);
    await sleep(4_000);
    await warmUp.stop();
    console.log(
      `scale-out: system up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${system()
        .instances()
        .map((i) => i.instance)
        .join(", ")}`,
    );
  }, 420_000);

  afterAll(async () => {
    try {
      // Whatever a failed scenario left frozen runs again, so that it can drain and exit.
      for (const instance of e2e?.system.instances() ?? []) {
        if (instance.pid !== undefined) e2e!.system.signalInstance(instance.instance, "SIGCONT");
      }
      await e2e?.close();
    } finally {
      await Promise.all(Object.values(databases).map((database) => database.drop()));
      console.log(`scale-out: file done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }, 180_000);

  afterEach((context) => {
    if (context.task.result?.state === "fail" && e2e) console.error(`Last log lines of the system:\n${e2e.logTail(80)}`);
  });

  it("when one catalog replica of three is killed with SIGKILL under load, then no read fails, no order is duplicated and the stock is exact", async () => {
    const prefix = `${RUN}-kill`;
    const initialStock = await stockOf(databases.catalog!.url, PRODUCTS);
    const run = shoppers(prefix);
    await sleep(3_000);
    const killedAt = run.now();
    system().signalInstance("catalog-2", "SIGKILL");
    await sleep(6_000);
    await run.stop();

    const before = figuresOf(run.records, { fromMs: 1_000, toMs: killedAt, filter: isHome });
    const after = figuresOf(run.records, { fromMs: killedAt, filter: isHome });
    const writes = figuresOf(run.records, { filter: (r) => r.kind === "placeOrder" });
    console.log(
      [
        "scale-out / kill -9 catalog-2 of 3:",
        `  ${describeFigures("home pages before", before)}`,
        `  ${describeFigures("home pages after ", after)}`,
        `  ${describeFigures("placeOrder attempts", writes)}`,
      ].join("\n"),
    );
    expect(after.ops).toBeGreaterThan(50);
    expectAllOk(run.records.filter(isHome));
    console.log(`  ${await expectExactLedger(run, prefix, initialStock)}`);

    await system().startInstance("catalog-2");
    await sleep(1_500);
  }, 120_000);

  it("when one catalog replica of three hangs (SIGSTOP) under load, then no operation fails and after the first second the p99 of home pages stays below twice the steady p99", async () => {
    const prefix = `${RUN}-freeze`;
    const initialStock = await stockOf(databases.catalog!.url, PRODUCTS);
    const run = shoppers(prefix);
    try {
      await sleep(10_000);
      const frozenAt = run.now();
      system().signalInstance("catalog-3", "SIGSTOP");
      await sleep(9_000);
      await run.stop();
      const steady = figuresOf(run.records, { fromMs: 2_000, toMs: frozenAt, filter: isHome });
      const first = figuresOf(run.records, { fromMs: frozenAt, toMs: frozenAt + 1_000, filter: isHome });
      const after = figuresOf(run.records, { fromMs: frozenAt + 1_000, filter: isHome });
      console.log(
        [
          "scale-out / SIGSTOP catalog-3 of 3:",
          `  ${describeFigures("home pages steady (8 s before)", steady)}`,
          `  ${describeFigures("home pages first second after", first)}`,
          `  ${describeFigures("home pages after the first second", after)}`,
          `  ${describeFigures("placeOrder attempts", figuresOf(run.records, { filter: (r) => r.kind === "placeOrder" }))}`,
          `  p99 after / steady p99 = ${(after.p99 / steady.p99).toFixed(2)} (must stay below 2)`,
        ].join("\n"),
      );
      expectAllOk(run.records);
      expect(steady.ops).toBeGreaterThan(100);
      expect(after.ops).toBeGreaterThan(100);
      expect(after.p99).toBeLessThan(2 * steady.p99);
      console.log(`  ${await expectExactLedger(run, prefix, initialStock)}`);
    } finally {
      await run.stop();
      system().signalInstance("catalog-3", "SIGCONT");
    }
    await sleep(1_500);
  }, 120_000);

  it("when every replica of every service is restarted in turn (SIGTERM, drain, start, SERVING), then not one operation fails", async () => {
    const prefix = `${RUN}-rolling`;
    const initialStock = await stockOf(databases.catalog!.url, PRODUCTS);
    const run = shoppers(prefix);
    await sleep(2_000);
    const timeline: string[] = [];
    const steps = await rollingRestart(system(), {
      settleMs: 1_500,
      onStep: (step) => timeline.push(`${step.instance} serving again at ${(run.now() / 1000).toFixed(1)} s`),
    });
    await sleep(1_000);
    await run.stop();

    console.log(
      [
        `scale-out / rolling restart of ${steps.length} replicas (drain ms / start ms): ${steps.map((s) => `${s.instance} ${s.drainMs}/${s.startMs}`).join(", ")}`,
        `  ${timeline.join(", ")}`,
        `  ${describeFigures("home pages", figuresOf(run.records, { filter: isHome }))}`,
        `  ${describeFigures("placeOrder attempts", figuresOf(run.records, { filter: (r) => r.kind === "placeOrder" }))}`,
      ].join("\n"),
    );
    expect(steps.map((s) => s.instance)).toEqual(["users-1", "users-2", "catalog-1", "catalog-2", "catalog-3", "orders-1", "orders-2"]);
    expectAllOk(run.records);
    console.log(`  ${await expectExactLedger(run, prefix, initialStock)}`);
    expect(e2e!.crashes).toEqual([]);
  }, 240_000);

  it("when the only catalog replica left hangs, then once the breakers open home pages answer partially in under 100 ms, and fully again soon after SIGCONT", async () => {
    await system().stopInstance("catalog-2");
    await system().stopInstance("catalog-3");
    await sleep(1_500);
    // The 8 shoppers until both BFFs' catalog breakers are open: each breaker opens after 5 calls
    // in a row found no replica, and each such call waits out the 2 s budget.
    const load = shoppers(`${RUN}-breaker`, { orderEvery: 0, thinkMs: 0 });
    // Then 2 (one per BFF) while the breakers are open: on 2 shared cores, 8 shoppers keep the
    // machine so busy that a page takes 50–150 ms with every service healthy; 2 leave the
    // latency to what the breaker does.
    let probe: Shoppers | undefined;
    try {
      await sleep(1_500);
      const frozenAt = load.now();
      system().signalInstance("catalog-1", "SIGSTOP");
      const opened = async (bff: string): Promise<number> => {
        for (let waited = 0; waited < 20_000; waited += 100) {
          const hit = load.records.find((r) => r.bff === bff && r.startMs > frozenAt && r.outcome === "partial" && r.ms < 500);
          if (hit) return hit.startMs;
          await sleep(100);
        }
        throw new Error(`the ${bff} BFF never answered a partial home page without waiting out its budget after the catalog froze`);
      };
      const openAt = Math.max(await opened("web"), await opened("mobile"));
      await load.stop();
      const waiting = figuresOf(load.records, { fromMs: frozenAt, toMs: openAt, filter: isHome });

      probe = new Shoppers({ ...shopperEndpoints(), productIds: PRODUCTS, keyPrefix: `${RUN}-probe`, orderEvery: 0, workers: 2 });
      await sleep(3_000);
      const resumedAt = probe.now();
      system().signalInstance("catalog-1", "SIGCONT");
      let recoveredAt = Number.NaN;
      for (let waited = 0; waited < 10_000 && Number.isNaN(recoveredAt); waited += 100) {
        await sleep(100);
        const full = probe.records.filter((r) => r.startMs > resumedAt && r.outcome === "ok");
        if (full.some((r) => r.bff === "web") && full.some((r) => r.bff === "mobile")) {
          recoveredAt = Math.max(full.find((r) => r.bff === "web")!.startMs, full.find((r) => r.bff === "mobile")!.startMs);
        }
      }
      await sleep(2_000);
      await probe.stop();

      const whileOpen = probe.records.filter((r) => r.startMs + r.ms < resumedAt);
      const openFigures = figuresOf(whileOpen);
      const afterRecovery = figuresOf(probe.records, { fromMs: recoveredAt + 500 });
      console.log(
        [
          "scale-out / SIGSTOP the only catalog replica:",
          `  both breakers open ${(openAt - frozenAt).toFixed(0)} ms after the freeze; ${describeFigures("home pages until then (8 shoppers)", waiting)}`,
          `  ${describeFigures("home pages while open (2 shoppers)", openFigures)}`,
          `  full answers again ${(recoveredAt - resumedAt).toFixed(0)} ms after SIGCONT; ${describeFigures("home pages after that", afterRecovery)}`,
        ].join("\n"),
      );
      expect(whileOpen.length).toBeGreaterThan(50);
      expect(whileOpen.filter((r) => r.outcome !== "partial").length, notOk(whileOpen.filter((r) => r.outcome !== "partial"))).toBe(0);
      // The median carries the < 100 ms (on 2 cores shared with other work, single pages stall
      // for reasons of their own); no page may wait on the catalog, which would cost the 2 s budget.
      expect(openFigures.p50, "median ms of a home page while the breakers are open").toBeLessThan(100);
      expect(openFigures.max, "slowest home page while the breakers are open (ms)").toBeLessThan(1_000);
      // Only the catalog's fields are missing: the recommendations and the products of order lines.
      const catalogOnly = /^SERVICE_UNAVAILABLE@(homePage\.recommendations|homePage\.recentOrders\.\d+\.lines\.\d+\.product|home\.recommendations)$/;
      expect(whileOpen.flatMap((r) => (r.detail ?? "").split(", ")).filter((e) => !catalogOnly.test(e))).toEqual([]);
      expect(recoveredAt - resumedAt, "ms from SIGCONT to full answers on both BFFs").toBeLessThan(5_000);
      expect(afterRecovery.ops).toBeGreaterThan(20);
      expect(afterRecovery.ok).toBe(afterRecovery.ops);
    } finally {
      await load.stop();
      await probe?.stop();
      system().signalInstance("catalog-1", "SIGCONT");
    }
  }, 120_000);
});
