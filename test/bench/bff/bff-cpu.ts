/**
 * `npm run bench:bff-cpu` — CPU per web home-page operation inside bff-web, in one process, no
 * sockets: bff-web's yoga app over the in-memory services of `@shop/bff-testing` (the real routes
 * over in-memory repositories, seeded with a demo slice: 20 recommendations, 5 orders × their
 * lines), the exact `WEB_HOME_QUERY` through `yoga.fetch`.
 *
 * Two transports: `memory` (the fakes' Connect router transport, fakes in this process) and
 * `grpc` (the same fakes hosted by `startGrpcServer` in a child process, bff-web calling them
 * through the platform's grpc-js clients, as in production: this process's CPU is then the BFF's
 * alone). Prints, for each transport and concurrency (1 = sequential, 16 in flight by default),
 * the CPU µs (user + sys, `process.cpuUsage`) per operation of this process, and the same for a
 * baseline that makes the page's four RPCs straight on the clients (no GraphQL): the difference is
 * what GraphQL costs. Deterministic data; figures vary with the machine's load, so compare runs
 * made back to back. Options: `--ops N` (default 2000), `--warmup N` (default 500),
 * `--concurrency 1,16`, `--transport memory,grpc`, `--rounds N` (default 3, the median is
 * printed), `--json`.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { closeClient, createClient, service, silentLogger, startGrpcServer } from "@shop/grpc-runtime";
import { DEFAULT_LIMITS, type BffConfig, type ServiceClients } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { createFakeServices } from "@shop/bff-testing";
import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";
import { createWebServer } from "@shop/bff-web/server";
import { WEB_HOME_QUERY } from "./queries.js";

/** The settings of one micro-benchmark run. */
interface CpuBenchOptions {
  readonly ops: number;
  readonly warmup: number;
  readonly concurrency: readonly number[];
  readonly transports: readonly Transport[];
  readonly rounds: number;
  readonly json: boolean;
}

type Transport = "memory" | "grpc";

/** One measured run: operations, CPU and wall time. */
interface CpuReading {
  readonly ops: number;
  readonly cpuUs: number;
  readonly wallMs: number;
}

type Operation = () => Promise<void>;

function options(): CpuBenchOptions {
  const { values } = parseArgs({
    options: {
      ops: { type: "string", default: "2000" },
      warmup: { type: "string", default: "500" },
      concurrency: { type: "string", default: "1,16" },
      transport: { type: "string", default: "memory,grpc" },
      rounds: { type: "string", default: "3" },
      json: { type: "boolean", default: false },
      "serve-fakes": { type: "boolean", default: false },
    },
  });
  return {
    ops: Number(values.ops),
    warmup: Number(values.warmup),
    concurrency: values.concurrency.split(",").map(Number),
    transports: values.transport.split(",").map((t) => {
      if (t !== "memory" && t !== "grpc") throw new Error(`--transport: memory or grpc, not ${t}`);
      return t;
    }),
    rounds: Number(values.rounds),
    json: values.json,
  };
}

const config: BffConfig = {
  port: 0, host: "127.0.0.1",
  targets: { users: ["127.0.0.1:1"], catalog: ["127.0.0.1:1"], orders: ["127.0.0.1:1"] },
  jwtSecret: "bench-bff-cpu-secret-of-at-least-32-bytes", jwtSecretGenerated: false, jwtTtlSeconds: 3600,
  requestBudgetMs: 60_000, shutdownGraceMs: 1000, logLevel: "silent", production: true,
  limits: DEFAULT_LIMITS, readMasks: true,
};

/** `total` operations with `concurrency` in flight (closed loop); resolves when all are done. */
async function drive(run: Operation, total: number, concurrency: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await run();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

async function measure(run: Operation, ops: number, concurrency: number): Promise<CpuReading> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await drive(run, ops, concurrency);
  const used = process.cpuUsage(cpu);
  return { ops, cpuUs: used.user + used.system, wallMs: performance.now() - wall };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One transport's figures at one concurrency. */
interface CpuResult {
  readonly transport: Transport;
  readonly concurrency: number;
  readonly bffUsPerOp: number;
  readonly rawUsPerOp: number;
  readonly graphqlUsPerOp: number;
  readonly bffOpsPerCpuS: number;
}

/** The fakes on a grpc-js server in a child process (its CPU is not this process's). */
async function fakesInChild(): Promise<{ clients: ServiceClients; close(): void }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve-fakes"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve(Number(message)));
    child.once("exit", (code) => reject(new Error(`fake services exited (${code})`)));
  });
  const target = `127.0.0.1:${port}`;
  const options = { caller: "bff-web", retry: false } as const;
  const clients = {
    users: createClient(UserService, target, options),
    catalog: createClient(CatalogService, target, options),
    orders: createClient(OrderService, target, options),
  };
  return {
    clients,
    close: () => {
      for (const client of Object.values(clients)) closeClient(client);
      child.kill("SIGTERM");
    },
  };
}

async function serveFakes(): Promise<void> {
  const fakes = createFakeServices();
  await fakes.ready;
  const server = await startGrpcServer({
    services: [service(UserService, fakes.impls.users), service(CatalogService, fakes.impls.catalog), service(OrderService, fakes.impls.orders)],
    serving: true,
  });
  process.send?.(server.port);
  const stop = () => void server.shutdown().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("disconnect", stop);
}

async function benchTransport(transport: Transport, opts: CpuBenchOptions): Promise<{ results: CpuResult[]; lines: number }> {
  const inChild = transport === "grpc" ? await fakesInChild() : undefined;
  const clients = inChild?.clients ?? createFakeServices().clients;
  const server = createWebServer({ clients, config, logger: silentLogger() });
  const userId = demoUser(0).id;
  if (demoUser(0).email !== DEMO_LOGIN.email) throw new Error("demo user 0 is not the demo login");
  const token = (await server.tokens.sign(userId)).token;
  const body = JSON.stringify({ query: WEB_HOME_QUERY, variables: {} });
  const headers = { "content-type": "application/json", accept: "application/graphql-response+json", authorization: `Bearer ${token}` };

  const homeOnce = async (): Promise<string> => {
    const response = await server.yoga.fetch("http://bff-web.bench/graphql", { method: "POST", headers, body });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    return text;
  };
  const first = JSON.parse(await homeOnce()) as {
    data?: { homePage?: { recommendations?: unknown[]; recentOrders?: { lines: { product: unknown }[] }[] } };
    errors?: unknown[];
  };
  const page = first.data?.homePage;
  const lines = page?.recentOrders?.flatMap((o) => o.lines) ?? [];
  if (first.errors || page?.recommendations?.length !== 20 || page.recentOrders?.length !== 5 || lines.some((l) => !l.product)) {
    throw new Error(`unexpected home page answer: ${JSON.stringify(first).slice(0, 500)}`);
  }
  const bff: Operation = async () => {
    const text = await homeOnce();
    if (text.includes('"errors"')) throw new Error(`errors in the answer: ${text.slice(0, 300)}`);
  };

  // The same four RPCs straight on the clients, no GraphQL (bench peer (d) over these fakes).
  const { users, catalog, orders } = clients;
  const call = { timeoutMs: 60_000, headers: { "x-caller": "bench", "x-user-id": userId } };
  const raw: Operation = async () => {
    const [, recs, recent] = await Promise.all([
      users.batchGetUsers({ ids: [userId] }, call),
      catalog.listRecommendations({ userId, pageSize: 20 }, call),
      orders.listOrders({ userId, pageSize: 5 }, call),
    ]);
    const known = new Set(recs.products.map((p) => p.id));
    const ids = [...new Set(recent.orders.flatMap((o) => o.lines.map((l) => l.productId)))].filter((id) => !known.has(id));
    if (ids.length > 0) await catalog.batchGetProducts({ ids }, call);
  };

  const results: CpuResult[] = [];
  try {
    for (const concurrency of opts.concurrency) {
      const bffRuns: number[] = [];
      const rawRuns: number[] = [];
      for (let round = 0; round < opts.rounds; round++) {
        await drive(bff, opts.warmup, concurrency);
        const b = await measure(bff, opts.ops, concurrency);
        bffRuns.push(b.cpuUs / b.ops);
        await drive(raw, opts.warmup, concurrency);
        const r = await measure(raw, opts.ops, concurrency);
        rawRuns.push(r.cpuUs / r.ops);
      }
      const bffUs = median(bffRuns);
      const rawUs = median(rawRuns);
      results.push({
        transport,
        concurrency,
        bffUsPerOp: Math.round(bffUs),
        rawUsPerOp: Math.round(rawUs),
        graphqlUsPerOp: Math.round(bffUs - rawUs),
        bffOpsPerCpuS: Math.round(1e6 / bffUs),
      });
    }
  } finally {
    await server.yoga.dispose();
    inChild?.close();
  }
  return { results, lines: lines.length };
}

async function main(): Promise<void> {
  const opts = options();
  const results: CpuResult[] = [];
  let lineCount = 0;
  for (const transport of opts.transports) {
    const run = await benchTransport(transport, opts);
    results.push(...run.results);
    lineCount = run.lines;
  }
  console.log(`### bff-web CPU per home-page operation (in process; ${opts.ops} ops × ${opts.rounds} rounds, median)`);
  console.log("");
  console.log(`Data: 20 recommendations, 5 orders with ${lineCount} lines; Node ${process.version}. memory = fakes in this process`);
  console.log("(Connect router transport, their CPU included); grpc = fakes in a child process over grpc-js (this process = the BFF).");
  console.log("");
  console.log("| transport | concurrency | bff-web µs/op | same 4 RPCs, no GraphQL µs/op | GraphQL's share µs/op | ops per CPU-second |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(`| ${r.transport} | ${r.concurrency} | ${r.bffUsPerOp} | ${r.rawUsPerOp} | ${r.graphqlUsPerOp} | ${r.bffOpsPerCpuS} |`);
  }
  if (opts.json) console.log(JSON.stringify({ bench: "bff-cpu", lines: lineCount, results }));
}

if (process.argv.includes("--serve-fakes")) await serveFakes();
else await main();
