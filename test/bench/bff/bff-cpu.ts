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
 * printed), `--tracing off,0.1,1` (default off), `--json`.
 *
 * `--tracing` adds bff-webs that record that share of traces (`parentbased_traceidratio`), their
 * server, DataLoader and client spans batched and exported over OTLP/HTTP to a sink in another
 * child process (`otlp-sink.ts`), as in production; "off" is bff-web with its telemetry but no
 * endpoint (metrics only). Each traced run ends with a flush, so the export of all its spans is
 * inside the measured CPU. Traced variants run on the grpc transport only (the memory transport's
 * clients are the fakes' own, without client spans). The variants are interleaved in every round.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { closeClient, createClient, createTelemetry, service, silentLogger, startGrpcServer, type Telemetry, type TelemetrySettings } from "@shop/grpc-runtime";
import { DEFAULT_LIMITS, type BffConfig, type ServiceClients } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { createFakeServices } from "@shop/bff-testing";
import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";
import { createWebServer } from "@shop/bff-web/server";
import { startOtlpSink, type SinkCounts } from "./otlp-sink.js";
import { WEB_HOME_QUERY } from "./queries.js";

/** The settings of one micro-benchmark run. */
interface CpuBenchOptions {
  readonly ops: number;
  readonly warmup: number;
  readonly concurrency: readonly number[];
  readonly transports: readonly Transport[];
  readonly rounds: number;
  /** "off", or the share of traces recorded. */
  readonly tracing: readonly Tracing[];
  readonly json: boolean;
}

type Transport = "memory" | "grpc";
type Tracing = "off" | number;

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
      tracing: { type: "string", default: "off" },
      json: { type: "boolean", default: false },
      "serve-fakes": { type: "boolean", default: false },
      "serve-sink": { type: "boolean", default: false },
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
    tracing: values.tracing.split(",").map((t): Tracing => {
      if (t === "off") return "off";
      const ratio = Number(t);
      if (!(ratio > 0 && ratio <= 1)) throw new Error(`--tracing: off or a ratio in (0, 1], not ${t}`);
      return ratio;
    }),
    json: values.json,
  };
}

/** bff-web's telemetry settings for one tracing variant: metrics always, spans to `sinkUrl` unless off. */
function telemetrySettings(tracing: Tracing, sinkUrl: string | undefined): TelemetrySettings {
  const base = { metricsPort: 0, metricsHost: "127.0.0.1", serviceName: "bff-web", sdkDisabled: false, exportDelayMs: 1_000 } as const;
  if (tracing === "off") return { ...base, sampler: "parentbased_always_on", samplerArg: 1 };
  if (sinkUrl === undefined) throw new Error("a traced variant needs the OTLP sink");
  return { ...base, sampler: "parentbased_traceidratio", samplerArg: tracing, otlpEndpoint: sinkUrl };
}

const configOf = (telemetry: TelemetrySettings): BffConfig => ({
  port: 0, host: "127.0.0.1",
  targets: { users: ["127.0.0.1:1"], catalog: ["127.0.0.1:1"], orders: ["127.0.0.1:1"] },
  jwtSecret: "bench-bff-cpu-secret-of-at-least-32-bytes", jwtSecretGenerated: false, jwtTtlSeconds: 3600,
  requestBudgetMs: 60_000, shutdownGraceMs: 1000, logLevel: "silent", production: true,
  limits: DEFAULT_LIMITS, readMasks: true, telemetry,
});

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

/** Runs `ops` operations and, inside the same CPU reading, `settle` (the export of the run's spans). */
async function measure(run: Operation, ops: number, concurrency: number, settle: () => Promise<void>): Promise<CpuReading> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await drive(run, ops, concurrency);
  await settle();
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
  readonly tracing: Tracing;
  readonly concurrency: number;
  readonly bffUsPerOp: number;
  readonly rawUsPerOp: number;
  readonly graphqlUsPerOp: number;
  readonly bffOpsPerCpuS: number;
  /** Spans the sink received per home page (traced variants). */
  readonly bffSpansPerOp: number | null;
  /** Median over the rounds of (this variant's bff-web CPU per op ÷ tracing off's in the same round) − 1; null for off, or without an off variant. */
  readonly bffChangeVsOff: number | null;
}

/** Forks this file with `flag` and resolves with the first message the child sends (its address). */
async function forkServing(flag: string, label: string): Promise<{ address: string; child: ReturnType<typeof fork> }> {
  const child = fork(fileURLToPath(import.meta.url), [flag], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const address = await new Promise<string>((resolve, reject) => {
    child.once("message", (message) => resolve(String(message)));
    child.once("exit", (code) => reject(new Error(`${label} exited (${code})`)));
  });
  return { address, child };
}

/** grpc-js clients of the fakes at `target`, recording into `telemetry` (client spans, RED metrics). */
function grpcClients(target: string, telemetry: Telemetry): { readonly clients: ServiceClients; close(): void } {
  const options = { caller: "bff-web", retry: false, telemetry } as const;
  const clients = {
    users: createClient(UserService, target, options),
    catalog: createClient(CatalogService, target, options),
    orders: createClient(OrderService, target, options),
  };
  return { clients, close: () => Object.values(clients).forEach((client) => closeClient(client)) };
}

/** The OTLP sink in a child process (its decoding is not this process's CPU); `counts()` asks it over IPC. */
async function sinkInChild(): Promise<{ url: string; counts(): Promise<SinkCounts>; close(): void }> {
  const { address, child } = await forkServing("--serve-sink", "OTLP sink");
  return {
    url: address,
    counts: () =>
      new Promise<SinkCounts>((resolve) => {
        child.once("message", (message) => resolve(message as SinkCounts));
        child.send("counts");
      }),
    close: () => void child.kill("SIGTERM"),
  };
}

async function serveSink(): Promise<void> {
  const sink = await startOtlpSink();
  process.send?.(sink.url);
  process.on("message", () => process.send?.(sink.counts()));
  const stop = () => void sink.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("disconnect", stop);
}

async function serveFakes(): Promise<void> {
  const fakes = createFakeServices();
  await fakes.ready;
  const server = await startGrpcServer({
    services: [service(UserService, fakes.impls.users), service(CatalogService, fakes.impls.catalog), service(OrderService, fakes.impls.orders)],
    serving: true,
  });
  process.send?.(`127.0.0.1:${server.port}`);
  const stop = () => void server.shutdown().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("disconnect", stop);
}

/** bff-web with one tracing variant over one transport, ready to be measured. */
interface Variant {
  readonly tracing: Tracing;
  readonly bff: Operation;
  /** The page's four RPCs straight on the same clients. */
  readonly raw: Operation;
  /** Lines of the demo user's recent orders on the page. */
  readonly lines: number;
  /** Exports the spans still buffered (nothing when tracing is off). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Clients of the fakes that record into the given telemetry, and how to close them. */
type ClientsFor = (telemetry: Telemetry) => { readonly clients: ServiceClients; close(): void };

/** Starts bff-web with these telemetry settings over `clientsFor`'s clients, checks its home page once, and returns the operations to measure. */
async function startVariant(tracing: Tracing, settings: TelemetrySettings, clientsFor: ClientsFor): Promise<Variant> {
  const telemetry = createTelemetry({ settings });
  const { clients, close: closeClients } = clientsFor(telemetry);
  const server = createWebServer({ clients, config: configOf(settings), logger: silentLogger(), telemetry });
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
  return {
    tracing,
    bff,
    raw,
    lines: lines.length,
    flush: async () => telemetry.tracing?.flush(),
    close: async () => {
      await server.yoga.dispose();
      closeClients();
      await telemetry.shutdown();
    },
  };
}

async function benchTransport(transport: Transport, opts: CpuBenchOptions): Promise<{ results: CpuResult[]; lines: number }> {
  // The memory transport's clients are the fakes' own (no client spans): only bff-web without tracing runs on it.
  const variants = transport === "memory" ? opts.tracing.filter((t) => t === "off") : opts.tracing;
  if (variants.length === 0) return { results: [], lines: 0 };
  const fakes = transport === "grpc" ? await forkServing("--serve-fakes", "fake services") : undefined;
  const sink = variants.some((t) => t !== "off") ? await sinkInChild() : undefined;
  const clientsFor: ClientsFor =
    fakes === undefined ? () => ({ clients: createFakeServices().clients, close: () => undefined }) : (telemetry) => grpcClients(fakes.address, telemetry);
  const started: Variant[] = [];
  const results: CpuResult[] = [];
  try {
    for (const tracing of variants) started.push(await startVariant(tracing, telemetrySettings(tracing, sink?.url), clientsFor));
    // One unrecorded pass over every variant first: the first one measured would otherwise alone meet a cold JIT.
    for (const variant of started) {
      await drive(variant.bff, opts.warmup * 2, Math.max(...opts.concurrency));
      await drive(variant.raw, opts.warmup, Math.max(...opts.concurrency));
    }
    for (const concurrency of opts.concurrency) {
      const bffRuns = new Map<Tracing, number[]>(variants.map((t) => [t, []]));
      const rawRuns = new Map<Tracing, number[]>(variants.map((t) => [t, []]));
      const spanRuns = new Map<Tracing, number[]>(variants.map((t) => [t, []]));
      // Every round measures every variant, in an order rotated each round, so drift in the
      // machine's load hits them alike; tracing's cost is then compared round by round.
      for (let round = 0; round < opts.rounds; round++) {
        const shift = round % started.length;
        for (const variant of [...started.slice(shift), ...started.slice(0, shift)]) {
          await drive(variant.bff, opts.warmup, concurrency);
          await variant.flush();
          const spansBefore = (await sink?.counts())?.spans ?? 0;
          const b = await measure(variant.bff, opts.ops, concurrency, variant.flush);
          const spansAfter = (await sink?.counts())?.spans ?? 0;
          bffRuns.get(variant.tracing)!.push(b.cpuUs / b.ops);
          spanRuns.get(variant.tracing)!.push((spansAfter - spansBefore) / b.ops);
          await drive(variant.raw, opts.warmup, concurrency);
          await variant.flush();
          const r = await measure(variant.raw, opts.ops, concurrency, variant.flush);
          rawRuns.get(variant.tracing)!.push(r.cpuUs / r.ops);
        }
      }
      const offRuns = bffRuns.get("off");
      for (const tracing of variants) {
        const runs = bffRuns.get(tracing)!;
        const bffUs = median(runs);
        const rawUs = median(rawRuns.get(tracing)!);
        results.push({
          transport,
          tracing,
          concurrency,
          bffUsPerOp: Math.round(bffUs),
          rawUsPerOp: Math.round(rawUs),
          graphqlUsPerOp: Math.round(bffUs - rawUs),
          bffOpsPerCpuS: Math.round(1e6 / bffUs),
          bffSpansPerOp: tracing === "off" ? null : Math.round(median(spanRuns.get(tracing)!) * 100) / 100,
          bffChangeVsOff: tracing === "off" || offRuns === undefined ? null : median(runs.map((us, round) => us / offRuns[round]! - 1)),
        });
      }
    }
  } finally {
    for (const variant of started) await variant.close();
    fakes?.child.kill("SIGTERM");
    sink?.close();
  }
  return { results, lines: started[0]?.lines ?? 0 };
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
  console.log("| transport | tracing | concurrency | bff-web µs/op | vs tracing off (median per round) | same 4 RPCs, no GraphQL µs/op | GraphQL's share µs/op | ops per CPU-second | spans/op |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const change = r.bffChangeVsOff;
    const versus = change === null ? "" : `${change < 0 ? "−" : "+"}${(Math.abs(change) * 100).toFixed(1)} %`;
    console.log(
      `| ${r.transport} | ${r.tracing} | ${r.concurrency} | ${r.bffUsPerOp} | ${versus} | ${r.rawUsPerOp} | ${r.graphqlUsPerOp} | ${r.bffOpsPerCpuS} | ${r.bffSpansPerOp ?? "—"} |`,
    );
  }
  if (opts.json) console.log(JSON.stringify({ bench: "bff-cpu", lines: lineCount, results }));
}

if (process.argv.includes("--serve-fakes")) await serveFakes();
else if (process.argv.includes("--serve-sink")) await serveSink();
else await main();
