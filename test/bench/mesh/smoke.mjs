#!/usr/bin/env node
/**
 * Throwaway proof that the Mesh / Hive Gateway peer runs here, offline.
 *
 * Starts three tiny grpc-js servers (users, catalog, orders) over in-memory data, composes the
 * supergraph from the repository's proto files, starts Hive Gateway, sends the web and mobile
 * home-page queries, checks the answers against the data, and prints the RPCs the gateway made per
 * method for each query. Exits non-zero when anything is wrong.
 *
 *   npm ci --prefix test/bench/mesh && node test/bench/mesh/smoke.mjs
 */
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
  gateway = await startMeshGateway({ port: 0, users: users.address, catalog: catalog.address, orders: ordersServer.address });
  console.log(`composed and started Hive Gateway in ${Date.now() - started} ms at ${gateway.url} (pid ${gateway.pid})`);

  const report = {};
  for (const [name, query] of [["web home", WEB_HOME_QUERY], ["mobile home", MOBILE_HOME_QUERY]]) {
    for (let round = 1; round <= 3; round++) {
      calls.clear();
      const result = await post(gateway.url, query, { userId: user.id });
      if (result.body.errors) throw new Error(`${name}: ${JSON.stringify(result.body.errors, null, 2)}`);
      checkHome(result.body.data);
      const rpcs = Object.fromEntries([...calls].sort());
      const total = [...calls.values()].reduce((a, b) => a + b, 0);
      report[`${name} #${round}`] = { rpcs, total, bytes: result.bytes };
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
  console.log(`Mesh batching: ${batchGets} BatchGetProducts and ${singleGets} GetProduct for one web home query`);
  console.log("smoke: OK");
} catch (error) {
  console.error("smoke: FAILED");
  console.error(error);
  process.exitCode = 1;
} finally {
  await gateway?.stop();
  for (const server of servers) server.forceShutdown();
}
