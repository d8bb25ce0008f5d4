#!/usr/bin/env node
/**
 * Throwaway proof that the Mesh / Hive Gateway peer runs here, offline.
 *
 * Starts three tiny grpc-js servers (users, catalog, orders) over in-memory data, composes the
 * supergraph from the repository's proto files, starts Hive Gateway, sends the web and mobile
 * home-page queries, checks the answers against the data, and prints the RPCs the gateway made per
 * method for each query. Exits non-zero when anything is wrong.
 *
 *   npm ci --prefix test/bench/mesh && node test/bench/mesh/smoke.mjs [--jit] [--load-seconds N]
 *     [--single-product-lookup]
 *
 * `--single-product-lookup` composes OrderLine.product over GetProduct instead of the batched
 * BatchGetProducts (to see the difference batching makes); `--jit` starts the gateway with graphql-jit; `--load-seconds N` adds a rough closed-loop load of
 * N seconds at concurrency 16 (ops/s, p50/p99 and the gateway's CPU ms per query, read from
 * /proc) — a sanity figure only: the load generator and the fake services share this process.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import { MOBILE_HOME_QUERY, WEB_HOME_QUERY, startMeshGateway } from "./start.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const protoDir = resolve(here, "../../../proto");

// ---- in-memory data ------------------------------------------------------------------------

const PRODUCT_COUNT = 200;
const ORDER_COUNT = 8;
const usd = (amountMinor) => ({ currency_code: "USD", amount_minor: String(amountMinor) });
const stamp = (ms) => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
const fakeId = (kind, n) => `0190${kind}-0000-7000-8000-${String(n).padStart(12, "0")}`;

const user = {
  id: fakeId("0001", 0),
  email: "demo@shop.test",
  display_name: "Demo Shopper",
  avatar_url: "https://img.shop.test/avatars/0.jpg",
  avatar_thumbnail_url: "https://img.shop.test/avatars/0-64.jpg",
  create_time: stamp(Date.UTC(2026, 0, 1)),
  update_time: stamp(Date.UTC(2026, 0, 1)),
};

const products = Array.from({ length: PRODUCT_COUNT }, (_, n) => ({
  id: fakeId("0002", n),
  name: `Product ${n}`,
  description: `Description of product ${n}`,
  price: usd(500 + n * 7),
  category: "audio",
  image_urls: [`https://img.shop.test/p/${n}.jpg`, `https://img.shop.test/p/${n}-2.jpg`],
  thumbnail_url: `https://img.shop.test/p/${n}-64.jpg`,
  average_rating: (n % 50) / 10,
  review_count: n % 17,
  stock_available: n % 9 === 0 ? 0 : 25,
  create_time: stamp(Date.UTC(2026, 0, 1) + n * 60_000),
  update_time: stamp(Date.UTC(2026, 0, 1) + n * 60_000),
}));
const productById = new Map(products.map((p) => [p.id, p]));

// Orders share some products (product 3 appears in several), so deduplication is exercised too.
const orders = Array.from({ length: ORDER_COUNT }, (_, n) => {
  const picks = [3, 10 + n, 40 + 2 * n, 90 + n].slice(0, 1 + (n % 4));
  const lines = picks.map((p, i) => {
    const quantity = 1 + ((n + i) % 3);
    const unit = 500 + p * 7;
    return { product_id: products[p].id, quantity, unit_price: usd(unit), line_total: usd(unit * quantity) };
  });
  const total = lines.reduce((sum, line) => sum + Number(line.line_total.amount_minor), 0);
  return {
    id: fakeId("0003", n),
    user_id: user.id,
    lines,
    total: usd(total),
    status: "ORDER_STATUS_PLACED",
    create_time: stamp(Date.UTC(2026, 1, 1) + n * 3_600_000),
    update_time: stamp(Date.UTC(2026, 1, 1) + n * 3_600_000),
  };
}).reverse(); // newest first, as ListOrders answers

// ---- grpc-js servers that count every call ---------------------------------------------------

/** Calls per "Service/Method" since the last reset. */
const calls = new Map();
const count = (name) => calls.set(name, (calls.get(name) ?? 0) + 1);
/** The number of ids each BatchGetProducts call asked for, since the last reset. */
const batchSizes = [];

const loadOptions = { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [protoDir] };
const load = (file) => grpc.loadPackageDefinition(protoLoader.loadSync(file, loadOptions));
const usersPkg = load("shop/users/v1/users.proto").shop.users.v1;
const catalogPkg = load("shop/catalog/v1/catalog.proto").shop.catalog.v1;
const ordersPkg = load("shop/orders/v1/orders.proto").shop.orders.v1;

/** Wraps plain `(request) => response` functions as counted unary handlers. */
function handlers(serviceName, impl) {
  return Object.fromEntries(
    Object.entries(impl).map(([method, fn]) => [
      method,
      (call, callback) => {
        count(`${serviceName}/${method}`);
        try {
          callback(null, fn(call.request));
        } catch (error) {
          callback(error);
        }
      },
    ]),
  );
}

const notFound = (what) => Object.assign(new Error(`${what} not found`), { code: grpc.status.NOT_FOUND });

const usersImpl = handlers("UserService", {
  GetUser: ({ id }) => {
    if (id !== user.id) throw notFound(`user ${id}`);
    return { user };
  },
  BatchGetUsers: ({ ids }) => ({
    users: [...new Set(ids)].filter((id) => id === user.id).map(() => user),
    missing_ids: ids.filter((id) => id !== user.id),
  }),
});

const catalogImpl = handlers("CatalogService", {
  GetProduct: ({ id }) => {
    const product = productById.get(id);
    if (!product) throw notFound(`product ${id}`);
    return { product };
  },
  BatchGetProducts: ({ ids }) => {
    batchSizes.push(ids.length);
    const unique = [...new Set(ids)];
    return {
      products: unique.filter((id) => productById.has(id)).map((id) => productById.get(id)),
      missing_ids: unique.filter((id) => !productById.has(id)),
    };
  },
  ListRecommendations: ({ user_id, page_size }) => {
    const size = page_size || 10;
    const offset = [...user_id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % PRODUCT_COUNT;
    const picked = [];
    for (let i = 0; picked.length < size && i < PRODUCT_COUNT; i++) {
      const product = products[(offset + i * 7) % PRODUCT_COUNT];
      if (product.stock_available > 0) picked.push(product);
    }
    return { products: picked };
  },
});

const ordersImpl = handlers("OrderService", {
  GetOrder: ({ id }) => {
    const order = orders.find((o) => o.id === id);
    if (!order) throw notFound(`order ${id}`);
    return { order };
  },
  ListOrders: ({ user_id, page_size }) => ({
    orders: orders.filter((o) => o.user_id === user_id).slice(0, page_size || 20),
    next_page_token: "",
  }),
});

async function startServer(service, impl) {
  const server = new grpc.Server();
  server.addService(service.service, impl);
  const port = await new Promise((done, fail) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) => (error ? fail(error) : done(p))),
  );
  return { server, address: `127.0.0.1:${port}` };
}

/** User + system CPU time of a process in ms, from /proc/<pid>/stat (Linux only). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / clockTicksPerSecond();
}
let ticksPerSecond;
function clockTicksPerSecond() {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

/** Closed loop: `concurrency` clients send the query back to back for `seconds`. */
async function runLoad(url, query, variables, { seconds, concurrency, pid }) {
  const latencies = [];
  const stopAt = Date.now() + seconds * 1000;
  const cpuBefore = cpuMs(pid);
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < stopAt) {
        const t0 = performance.now();
        const result = await post(url, query, variables);
        if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  const gatewayCpu = cpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    ops: latencies.length,
    opsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(at(0.5).toFixed(1)),
    p99Ms: Number(at(0.99).toFixed(1)),
    gatewayCpuMsPerOp: Number((gatewayCpu / latencies.length).toFixed(2)),
  };
}

// ---- the run -------------------------------------------------------------------------------

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Sends one query and returns its parsed body and size. */
async function post(url, query, variables) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/** Checks a home-page answer against the in-memory data. */
function checkHome(data) {
  check(data.user.user.id === user.id, "user id");
  check(data.recommendations.products.length === 20, "20 recommendations");
  for (const p of data.recommendations.products) check(productById.get(p.id)?.name === p.name, `recommended ${p.id}`);
  check(data.recentOrders.orders.length === 5, "5 recent orders");
  data.recentOrders.orders.forEach((order, i) => {
    check(order.id === orders[i].id, `order ${i} id`);
    order.lines.forEach((line, j) => {
      const expected = productById.get(orders[i].lines[j].product_id);
      check(line.product?.id === expected.id && line.product.name === expected.name, `order ${i} line ${j} product`);
    });
  });
}

const servers = [];
let gateway;
try {
  const users = await startServer(usersPkg.UserService, usersImpl);
  const catalog = await startServer(catalogPkg.CatalogService, catalogImpl);
  const ordersServer = await startServer(ordersPkg.OrderService, ordersImpl);
  servers.push(users.server, catalog.server, ordersServer.server);

  let started = Date.now();
  const argv = process.argv.slice(2);
  const jit = argv.includes("--jit");
  const loadAt = argv.indexOf("--load-seconds");
  const loadSeconds = loadAt >= 0 ? Number(argv[loadAt + 1]) : 0;
  gateway = await startMeshGateway({
    port: 0, users: users.address, catalog: catalog.address, orders: ordersServer.address, jit,
    productLookup: argv.includes("--single-product-lookup") ? "single" : "batch",
  });
  console.log(`composed and started Hive Gateway in ${Date.now() - started} ms at ${gateway.url} (pid ${gateway.pid})`);

  const report = {};
  for (const [name, query] of [["web home", WEB_HOME_QUERY], ["mobile home", MOBILE_HOME_QUERY]]) {
    for (let round = 1; round <= 3; round++) {
      calls.clear();
      batchSizes.length = 0;
      const result = await post(gateway.url, query, { userId: user.id });
      if (result.body.errors) throw new Error(`${name}: ${JSON.stringify(result.body.errors, null, 2)}`);
      checkHome(result.body.data);
      const rpcs = Object.fromEntries([...calls].sort());
      const total = [...calls.values()].reduce((a, b) => a + b, 0);
      report[`${name} #${round}`] = { rpcs, total, batchGetProductsIds: [...batchSizes], bytes: result.bytes };
      if (name === "web home" && round === 1) {
        console.log("web home result (first recommendation and first order shown in full):");
        const d = result.body.data;
        console.log(JSON.stringify({
          user: d.user,
          recommendations: { count: d.recommendations.products.length, first: d.recommendations.products[0] },
          recentOrders: { count: d.recentOrders.orders.length, first: d.recentOrders.orders[0] },
        }, null, 2));
      }
    }
  }

  // Concurrency: does batching reach across requests? (It should not: batches are per request.)
  calls.clear();
  const concurrent = 16;
  const answers = await Promise.all(Array.from({ length: concurrent }, () => post(gateway.url, WEB_HOME_QUERY, { userId: user.id })));
  for (const a of answers) {
    if (a.body.errors) throw new Error(JSON.stringify(a.body.errors));
    checkHome(a.body.data);
  }
  report[`web home ×${concurrent} concurrent`] = {
    rpcs: Object.fromEntries([...calls].sort()),
    perQuery: [...calls.values()].reduce((a, b) => a + b, 0) / concurrent,
  };

  console.log("RPCs the gateway made, per query:");
  console.log(JSON.stringify(report, null, 2));
  const batchGets = report["web home #1"].rpcs["CatalogService/BatchGetProducts"] ?? 0;
  const singleGets = report["web home #1"].rpcs["CatalogService/GetProduct"] ?? 0;
  const lineCount = orders.slice(0, 5).reduce((sum, o) => sum + o.lines.length, 0);
  const distinct = new Set(orders.slice(0, 5).flatMap((o) => o.lines.map((l) => l.product_id))).size;
  console.log(
    `Mesh batching: ${batchGets} BatchGetProducts and ${singleGets} GetProduct for one web home query ` +
      `(${lineCount} order lines, ${distinct} distinct products` +
      (batchGets > 0 ? `; ids per batch: ${report["web home #1"].batchGetProductsIds.join(", ")})` : ")"),
  );
  if (loadSeconds > 0) {
    calls.clear();
    const figures = await runLoad(gateway.url, WEB_HOME_QUERY, { userId: user.id }, { seconds: loadSeconds, concurrency: 16, pid: gateway.pid });
    const rpcs = [...calls.values()].reduce((a, b) => a + b, 0);
    console.log(`rough load, web home, concurrency 16, ${loadSeconds} s${jit ? ", --jit" : ""}:`);
    console.log(JSON.stringify({ ...figures, rpcsPerOp: Number((rpcs / figures.ops).toFixed(2)) }));
  }
  // A service that is down: what does the gateway answer?
  catalog.server.forceShutdown();
  const degraded = await post(gateway.url, WEB_HOME_QUERY, { userId: user.id });
  console.log("with catalog down, web home answered:");
  console.log(JSON.stringify({
    status: degraded.status,
    userPresent: Boolean(degraded.body.data?.user?.user?.id),
    recommendations: degraded.body.data?.recommendations ?? null,
    ordersPresent: degraded.body.data?.recentOrders?.orders?.length ?? null,
    firstLineProduct: degraded.body.data?.recentOrders?.orders?.[0]?.lines?.[0]?.product ?? null,
    errorCount: degraded.body.errors?.length ?? 0,
    firstErrors: (degraded.body.errors ?? []).slice(0, 2)
      .map((e) => ({ message: e.message, path: e.path?.join("."), code: e.extensions?.code })),
  }, null, 2));
  check(degraded.body.data?.user?.user?.id === user.id, "user still answered while catalog is down");
  console.log("smoke: OK");
} catch (error) {
  console.error("smoke: FAILED");
  console.error(error);
  process.exitCode = 1;
} finally {
  await gateway?.stop();
  for (const server of servers) server.forceShutdown();
}
