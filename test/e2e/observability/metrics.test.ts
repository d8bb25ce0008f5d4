import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startE2eSystem, type E2eSystem } from "../support/e2e-system.js";
import { postGraphql } from "../support/graphql-client.js";
import { scrapeMetrics, type MetricsScrape } from "../support/prometheus-scrape.js";
import { expectNoErrors, webLogin } from "../support/web-order-flow.js";
import { sendHomePage, type HomePageData } from "./web-operations.js";

/**
 * Fresh processes (as `npm start` runs them, on free ports), then known traffic: one web login,
 * exactly three web homePage operations, 150 web operations under random names, and on mobile one
 * anonymous products query and one operation under a random name. Then every process's `/metrics` is scraped, parsed with a Prometheus
 * text-format parser, and its counts are checked exactly, against the traffic and against each
 * other (what a caller counts as sent, the callee counts as served).
 */

const PROCESSES = ["users", "catalog", "orders", "bff-web", "bff-mobile"] as const;
type Process = (typeof PROCESSES)[number];
const USERS = "shop.users.v1.UserService";
const CATALOG = "shop.catalog.v1.CatalogService";
const ORDERS = "shop.orders.v1.OrderService";
/** Which process serves each contract service. */
const SERVER_OF: Record<string, Process> = { [USERS]: "users", [CATALOG]: "catalog", [ORDERS]: "orders" };
const GRPC_CODES = new Set([
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
]);
const HOME_PAGES = 3;
/** Web operations under random names: more than any bounded label set admits. */
const RANDOM_NAMES = 150;
/** Every web operation sent: the login, the home pages, the randomly named ones. */
const WEB_OPERATIONS = 1 + HOME_PAGES + RANDOM_NAMES;

let e2e: (E2eSystem & { readonly crashes: readonly string[] }) | undefined;
let home: HomePageData | undefined;
let token = "";
const randomName = (): string => `zz_${randomBytes(6).toString("hex")}`;
const mobileUnknown = randomName();
const scrapes = {} as Record<Process, MetricsScrape>;
const started = Date.now();

beforeAll(async () => {
  e2e = await startE2eSystem();
  console.log(`observability e2e (metrics): system up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const { webUrl, mobileUrl } = e2e.system;
  token = await webLogin(webUrl);
  for (let i = 0; i < HOME_PAGES; i++) home = await sendHomePage(webUrl, token);
  for (let i = 0; i < RANDOM_NAMES; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const name = randomName();
        expectNoErrors(await postGraphql(webUrl, { query: `query ${name} { __typename }`, operationName: name }));
      }),
    );
  }
  expectNoErrors(await postGraphql(mobileUrl, { query: "query { products(first: 2) { nodes { name } } }" }));
  expectNoErrors(await postGraphql(mobileUrl, { query: `query ${mobileUnknown} { __typename }`, operationName: mobileUnknown }));
  // An operation is counted as its answer is written: wait until both BFFs have counted every one.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [web, mobile] = await Promise.all([scrapeMetrics(e2e.system.metricsUrls["bff-web"]!), scrapeMetrics(e2e.system.metricsUrls["bff-mobile"]!)]);
    if (web.value("shop_graphql_operations_total") >= WEB_OPERATIONS && mobile.value("shop_graphql_operations_total") >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const name of PROCESSES) scrapes[name] = await scrapeMetrics(e2e.system.metricsUrls[name]!);
}, 420_000);

afterAll(async () => {
  await e2e?.close();
}, 120_000);

afterEach((context) => {
  if (context.task.result?.state === "fail" && e2e) console.error(`Last log lines of the system:\n${e2e.logTail(60)}\ncrashes: ${e2e.crashes.join("; ") || "none"}`);
});

/** The home page's line products that its recommendations did not hold: what the products DataLoader fetches. */
function homeShape() {
  expect(home, "the home page answered").toBeDefined();
  const lines = home!.recentOrders.flatMap((o) => o.lines).filter((l) => l.product !== null);
  const recommended = new Set(home!.recommendations.map((p) => p.id));
  const fetched = new Set(lines.map((l) => l.product!.id).filter((id) => !recommended.has(id)));
  // The demo data is fixed: the demo user's recent orders hold products it is not recommended.
  expect(fetched.size, "line products outside the recommendations (what BatchGetProducts fetches)").toBeGreaterThan(0);
  return { lines: lines.length, fetched: fetched.size };
}

/** Every `{grpc_service, grpc_method, grpc_code}` of `series` in `scrape`, with its count. */
function rpcCounts(scrape: MetricsScrape, series: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { labels } of scrape.labelSets((name) => name === series)) {
    if (!labels.grpc_service?.startsWith("shop.")) continue;
    const key = `${labels.grpc_service}/${labels.grpc_method} ${labels.grpc_code}`;
    counts.set(key, (counts.get(key) ?? 0) + scrape.value(series, labels));
  }
  return counts;
}

describe("Prometheus metrics of every process after known traffic", () => {
  it("when /metrics of each of the five processes is scraped, then it parses as Prometheus text with the default process metrics", () => {
    for (const name of PROCESSES) {
      const scrape = scrapes[name];
      expect(scrape.family("process_cpu_seconds_total")?.type, name).toBe("COUNTER");
      expect(scrape.family("process_resident_memory_bytes")?.type, name).toBe("GAUGE");
      expect(scrape.family("nodejs_eventloop_lag_p99_seconds")?.type, name).toBe("GAUGE");
      expect(scrape.family("nodejs_heap_size_used_bytes")?.type, name).toBe("GAUGE");
      expect(scrape.family("nodejs_gc_duration_seconds")?.type, name).toBe("HISTOGRAM");
      expect(scrape.value("process_cpu_seconds_total"), name).toBeGreaterThan(0);
    }
  });

  it("when three homePage operations were answered, then bff-web counts exactly three, ok, with their durations and RPCs", () => {
    const web = scrapes["bff-web"];
    const { fetched } = homeShape();
    const rpcsPerHome = 3 + (fetched > 0 ? 1 : 0); // BatchGetUsers, ListRecommendations, ListOrders, BatchGetProducts
    expect(web.value("shop_graphql_operations_total", { operation: "homePage", type: "query", outcome: "ok" })).toBe(HOME_PAGES);
    expect(web.value("shop_graphql_operations_total", { operation: "homePage" })).toBe(HOME_PAGES);
    expect(web.histogram("shop_graphql_operation_duration_seconds", { operation: "homePage", type: "query" }).count).toBe(HOME_PAGES);
    expect(web.histogram("shop_graphql_operation_rpcs", { operation: "homePage" })).toEqual({ count: HOME_PAGES, sum: HOME_PAGES * rpcsPerHome });
    // Every outcome ok, whatever its label.
    expect(web.value("shop_graphql_operations_total")).toBe(WEB_OPERATIONS);
    expect(web.value("shop_graphql_operations_total", { outcome: "ok" })).toBe(WEB_OPERATIONS);
    expect(web.histogram("shop_graphql_operation_duration_seconds").count).toBe(WEB_OPERATIONS);
    expect(scrapes["bff-mobile"].value("shop_graphql_operations_total", { outcome: "ok" })).toBe(2);
  });

  it("when the home pages were served, then each service counts exactly the calls they made, code OK, and the durations agree with the counts", () => {
    const { fetched } = homeShape();
    const served = (process: Process, service: string, method: string) => scrapes[process].value("shop_rpc_server_requests_total", { grpc_service: service, grpc_method: method, grpc_code: "OK" });
    expect(served("catalog", CATALOG, "ListRecommendations")).toBe(HOME_PAGES);
    expect(fetched).toBeGreaterThan(0);
    expect(served("catalog", CATALOG, "BatchGetProducts")).toBe(HOME_PAGES);
    expect(served("catalog", CATALOG, "ListProducts")).toBe(1); // the mobile query
    expect(served("orders", ORDERS, "ListOrders")).toBe(HOME_PAGES);
    expect(served("users", USERS, "SignIn")).toBe(1); // the login
    expect(served("users", USERS, "BatchGetUsers")).toBeGreaterThanOrEqual(HOME_PAGES);
    for (const process of ["users", "catalog", "orders"] as const) {
      const scrape = scrapes[process];
      for (const [key, count] of rpcCounts(scrape, "shop_rpc_server_requests_total")) {
        expect(key.endsWith(" OK"), `${process}: ${key} (a healthy system answers every call OK)`).toBe(true);
        const [method] = key.split(" ");
        const [service, name] = [method!.slice(0, method!.lastIndexOf("/")), method!.slice(method!.lastIndexOf("/") + 1)];
        expect(scrape.histogram("shop_rpc_server_duration_seconds", { grpc_service: service, grpc_method: name }).count, `${process}: ${method}`).toBe(count);
      }
    }
    const bffClient = scrapes["bff-web"].value("shop_rpc_client_requests_total", { grpc_service: CATALOG, grpc_method: "BatchGetProducts", grpc_code: "OK" });
    expect(bffClient).toBe(served("catalog", CATALOG, "BatchGetProducts"));
  });

  it("when every caller's client counts are added up, then they equal the callee's server counts, method by method and code by code", () => {
    const sent = new Map<string, number>();
    for (const caller of ["bff-web", "bff-mobile", "orders"] as const) {
      for (const [key, count] of rpcCounts(scrapes[caller], "shop_rpc_client_requests_total")) sent.set(key, (sent.get(key) ?? 0) + count);
    }
    const servedAll = new Map<string, number>();
    for (const process of ["users", "catalog", "orders"] as const) {
      for (const [key, count] of rpcCounts(scrapes[process], "shop_rpc_server_requests_total")) {
        expect(SERVER_OF[key.slice(0, key.lastIndexOf("/"))], key).toBe(process);
        servedAll.set(key, count);
      }
    }
    expect(Object.fromEntries(sent)).toEqual(Object.fromEntries(servedAll));
    // bff-web's RPCs are all made by operations: the per-operation RPC histogram adds up to its client count.
    const webSent = [...rpcCounts(scrapes["bff-web"], "shop_rpc_client_requests_total").values()].reduce((a, b) => a + b, 0);
    expect(scrapes["bff-web"].histogram("shop_graphql_operation_rpcs").sum).toBe(webSent);
    for (const process of PROCESSES) {
      expect(scrapes[process].value("shop_rpc_client_retries_total"), `${process}: retries`).toBe(0);
      expect(scrapes[process].value("shop_rpc_client_breaker_rejections_total"), `${process}: breaker rejections`).toBe(0);
    }
  });

  it("when the home pages loaded their line products, then the products DataLoader counts one batch per page of the not-recommended ones, and a load per line", () => {
    const web = scrapes["bff-web"];
    const { lines, fetched } = homeShape();
    const batches = web.histogram("shop_dataloader_batch_size", { loader: "products" });
    expect(batches.count).toBe(web.value("shop_rpc_client_requests_total", { grpc_service: CATALOG, grpc_method: "BatchGetProducts" }));
    expect(batches).toEqual({ count: HOME_PAGES, sum: HOME_PAGES * fetched });
    expect(web.value("shop_dataloader_loads_total", { loader: "products" })).toBe(HOME_PAGES * lines);
    expect(web.value("shop_dataloader_cache_hits_total", { loader: "products" })).toBe(HOME_PAGES * (lines - fetched));
    // The viewer: one key per page, in one batch.
    const users = web.histogram("shop_dataloader_batch_size", { loader: "users" });
    expect(users.count).toBeGreaterThanOrEqual(HOME_PAGES);
    expect(users.sum).toBe(users.count);
  });

  it("when the services ran their queries, then each reports query durations by statement and table and its connection pool", () => {
    for (const process of ["users", "catalog", "orders"] as const) {
      const scrape = scrapes[process];
      expect(scrape.histogram("shop_db_query_duration_seconds").count, `${process}: queries`).toBeGreaterThan(0);
      const max = scrape.value("shop_db_pool_max_connections");
      expect(max, `${process}: pool size`).toBeGreaterThanOrEqual(1);
      const inUse = scrape.value("shop_db_pool_connections", { state: "in_use" });
      const idle = scrape.value("shop_db_pool_connections", { state: "idle" });
      expect(inUse + idle, `${process}: open connections`).toBeLessThanOrEqual(max);
      expect(scrape.samples("shop_db_pool_connections").map((s) => s.labels?.state).sort()).toEqual(["idle", "in_use"]);
      expect(scrape.value("shop_db_pool_waiting_requests"), `${process}: waiting`).toBe(0);
    }
    expect(scrapes.catalog.histogram("shop_db_query_duration_seconds", { operation: "SELECT", table: "products" }).count).toBeGreaterThan(0);
  });

  it("when ids, emails, tokens and random operation names went through, then no label holds an id, an email or a token, and operation labels stop growing", () => {
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    for (const process of PROCESSES) {
      const scrape = scrapes[process];
      const sets = scrape.labelSets((name) => name.startsWith("shop_"));
      for (const { series, labels } of sets) {
        for (const [label, value] of Object.entries(labels)) {
          const where = `${process} ${series}{${label}="${value}"}`;
          expect(value, where).not.toMatch(uuid);
          expect(value, where).not.toContain("@");
          expect(value.length, where).toBeLessThanOrEqual(64);
          if (token.length > 0) expect(value, where).not.toContain(token);
        }
      }
      for (const code of scrape.labelValues("grpc_code", (name) => name.startsWith("shop_"))) expect(GRPC_CODES, `${process}: ${code}`).toContain(code);
      for (const service of scrape.labelValues("grpc_service", (name) => name.startsWith("shop_rpc_"))) {
        expect(service, process).toMatch(/^(shop\.[a-z]+\.v1\.[A-Za-z]+Service|grpc\.health\.v1\.Health)$/);
      }
      for (const method of scrape.labelValues("grpc_method", (name) => name.startsWith("shop_rpc_"))) expect(method, process).toMatch(/^[A-Z][A-Za-z]+$/);
      for (const table of scrape.labelValues("table", (name) => name.startsWith("shop_db_"))) expect(table, process).toMatch(/^[a-z_][a-z0-9_]*$/);
      for (const kind of scrape.labelValues("operation", (name) => name.startsWith("shop_db_"))) expect(kind, process).toMatch(/^[A-Z]+$/);
    }
    // bff-web admits a bounded number of operation names; past it, new names share one label.
    const web = scrapes["bff-web"];
    const operations = web.labelValues("operation", (name) => name.startsWith("shop_graphql_"));
    for (const operation of operations) expect(operation).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    const admitted = [...operations].filter((operation) => operation.startsWith("zz_"));
    expect(admitted.length, "random names with a label of their own").toBeLessThan(RANDOM_NAMES);
    expect(web.value("shop_graphql_operations_total", { operation: "other" })).toBe(RANDOM_NAMES - admitted.length);
    for (const name of admitted) expect(web.value("shop_graphql_operations_total", { operation: name }), name).toBe(1);
    // bff-mobile labels only its trusted documents' names: the random one is "other", the unnamed one "anonymous".
    const mobile = scrapes["bff-mobile"];
    expect(mobile.labelValues("operation", (name) => name.startsWith("shop_graphql_"))).not.toContain(mobileUnknown);
    expect(mobile.value("shop_graphql_operations_total", { operation: "other" })).toBe(1);
    expect(mobile.value("shop_graphql_operations_total", { operation: "anonymous" })).toBe(1);
  });
});
