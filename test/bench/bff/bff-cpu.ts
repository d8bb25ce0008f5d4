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
 * printed), `--tracing off,0.1,1` (default off), `--trust plaintext,mtls` (default mtls), `--json`.
 *
 * `--trust` (grpc transport): how bff-web and the services authenticate each other. The child
 * hosts the same fakes on two ports: one with the plaintext development trust (the caller is its
 * `x-caller`, the end user an unsigned `x-user-token`: the same authorization checks) and one with
 * mutual TLS (a throwaway CA this process makes with `createDevPki`; bff-web presents its
 * certificate and signs each end user's token with its key, the services verify both). The
 * services' CPU per operation is read from the child (`process.cpuUsage()` over IPC around each
 * measured run), so the cost of trust is reported on both sides of the wire. The memory transport
 * has no wire and no caller checks ("in-process").
 *
 * `--tracing` adds bff-webs that record that share of traces (`parentbased_traceidratio`), their
 * server, DataLoader and client spans batched and exported over OTLP/HTTP to a sink in another
 * child process (`otlp-sink.ts`), as in production; "off" is bff-web with its telemetry but no
 * endpoint (metrics only). Each traced run ends with a flush, so the export of all its spans is
 * inside the measured CPU. Traced variants run on the grpc transport only (the memory transport's
 * clients are the fakes' own, without client spans). Every tracing × trust variant of a transport
 * is interleaved in every round, and each is compared round by round with its baseline (tracing
 * off, plaintext) of the same round.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  closeClient,
  createClient,
  createTelemetry,
  endUserValues,
  loadGrpcTrust,
  service,
  silentLogger,
  startGrpcServer,
  UserTokenSigner,
  type GrpcTrustSettings,
  type Telemetry,
  type TelemetrySettings,
  type TlsFiles,
  type TlsIdentity,
} from "@shop/grpc-runtime";
import { createDevPki } from "@shop/grpc-runtime/testing";
import { DEFAULT_HTTP_POLICY, DEFAULT_LIMITS, DEFAULT_RATE_LIMITS, type BffConfig, type ServiceClients } from "@shop/bff-kit";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { OrderService } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { createFakeServices } from "@shop/bff-testing";
import { DEMO_LOGIN, demoUser } from "@shop/service-host/demo";
import { createWebServer } from "@shop/bff-web/server";
import {
  baselineOf,
  formatChange,
  pairedChange,
  parseTrusts,
  variantLabel,
  variantsOf,
  type Tracing,
  type Transport,
  type Trust,
  type PairedChange,
  type VariantKey,
  type WireTrust,
} from "./cpu-variants.js";
import { median } from "./numbers.js";
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
  /** How bff-web and the services authenticate each other on the grpc transport. */
  readonly trust: readonly WireTrust[];
  readonly json: boolean;
  /** In the fakes child: the services' certificate, key and CA for its mTLS port. */
  readonly servicesTls: TlsFiles | undefined;
}

/** The identity of the fakes' certificate: one server hosts users, catalog and orders. */
const SERVICES_IDENTITY = "services";
/** The session every measured token belongs to (bff-web checks only that it was not ended). */
const BENCH_SESSION_ID = "bench-bff-cpu-session";

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
      trust: { type: "string", default: "mtls" },
      json: { type: "boolean", default: false },
      "serve-fakes": { type: "boolean", default: false },
      "serve-sink": { type: "boolean", default: false },
      "tls-ca": { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
    },
  });
  const tlsCa = values["tls-ca"];
  const tlsCert = values["tls-cert"];
  const tlsKey = values["tls-key"];
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
    trust: parseTrusts(values.trust),
    json: values.json,
    servicesTls: tlsCa !== undefined && tlsCert !== undefined && tlsKey !== undefined ? { caFile: tlsCa, certFile: tlsCert, keyFile: tlsKey } : undefined,
  };
}

/** bff-web's telemetry settings for one tracing variant: metrics always, spans to `sinkUrl` unless off. */
function telemetrySettings(tracing: Tracing, sinkUrl: string | undefined): TelemetrySettings {
  const base = { metricsPort: 0, metricsHost: "127.0.0.1", serviceName: "bff-web", sdkDisabled: false, exportDelayMs: 1_000 } as const;
  if (tracing === "off") return { ...base, sampler: "parentbased_always_on", samplerArg: 1 };
  if (sinkUrl === undefined) throw new Error("a traced variant needs the OTLP sink");
  return { ...base, sampler: "parentbased_traceidratio", samplerArg: tracing, otlpEndpoint: sinkUrl };
}

/**
 * bff-web's configuration as its main.ts would read it, with the operation budgets off (the bench
 * drives one user at machine speed; the launched system's huge budgets are counted instead) and
 * `grpc` saying how it calls the services (informative here: the bench makes the clients itself).
 */
const configOf = (telemetry: TelemetrySettings, grpc: GrpcTrustSettings): BffConfig => ({
  port: 0, host: "127.0.0.1",
  targets: { users: ["127.0.0.1:1"], catalog: ["127.0.0.1:1"], orders: ["127.0.0.1:1"] },
  jwtSecret: "bench-bff-cpu-secret-of-at-least-32-bytes", jwtSecretGenerated: false, jwtTtlSeconds: 3600,
  requestBudgetMs: 60_000, shutdownGraceMs: 1000, logLevel: "silent", production: true,
  limits: DEFAULT_LIMITS, readMasks: true, telemetry,
  http: DEFAULT_HTTP_POLICY,
  rateLimits: { ...DEFAULT_RATE_LIMITS, operationsUser: null, operationsIp: null },
  grpc,
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

/** One variant's figures at one concurrency. */
interface CpuResult {
  readonly transport: Transport;
  readonly trust: Trust;
  readonly tracing: Tracing;
  readonly concurrency: number;
  readonly bffUsPerOp: number;
  /** CPU of the services child per home page; null on the memory transport (the fakes run inside bff-web's process). */
  readonly servicesUsPerOp: number | null;
  readonly rawUsPerOp: number;
  readonly graphqlUsPerOp: number;
  readonly bffOpsPerCpuS: number;
  /** Spans the sink received per home page (traced variants). */
  readonly bffSpansPerOp: number | null;
  /** Per round: this variant's bff-web CPU per op ÷ tracing off's (same trust, same round) − 1, median and range; null for off, or without an off variant. */
  readonly bffChangeVsOff: PairedChange | null;
  /** Per round: bff-web CPU per op over mTLS ÷ over plaintext (same tracing, same round) − 1; null unless mtls with a plaintext variant. */
  readonly bffChangeVsPlaintext: PairedChange | null;
  /** The same for the services child's CPU per op. */
  readonly servicesChangeVsPlaintext: PairedChange | null;
}

/** Forks this file with `args` and resolves with the first message the child sends (what it serves). */
async function forkServing(args: readonly string[], label: string): Promise<{ first: unknown; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), [...args], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const first = await new Promise<unknown>((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`${label} exited (${code})`)));
  });
  return { first, child };
}

/** Sends `request` to `child` and resolves with its next message. */
function ask<T>(child: ChildProcess, request: string): Promise<T> {
  return new Promise<T>((resolve) => {
    child.once("message", (message) => resolve(message as T));
    child.send(request);
  });
}

/** The addresses the fakes child serves on: the same services under each trust. */
interface FakesAddresses {
  readonly plaintext: string;
  readonly mtls: string;
}

/** The fakes in a child process: their addresses and their CPU time so far. */
interface FakesChild {
  readonly addresses: FakesAddresses;
  /** The child's CPU (user + sys, µs) since it started. */
  cpuUs(): Promise<number>;
  close(): void;
}

async function fakesInChild(servicesTls: TlsFiles): Promise<FakesChild> {
  const args = ["--serve-fakes", "--tls-ca", servicesTls.caFile, "--tls-cert", servicesTls.certFile, "--tls-key", servicesTls.keyFile];
  const { first, child } = await forkServing(args, "fake services");
  return {
    addresses: first as FakesAddresses,
    cpuUs: async () => {
      const usage = await ask<NodeJS.CpuUsage>(child, "cpu");
      return usage.user + usage.system;
    },
    close: () => void child.kill("SIGTERM"),
  };
}

/** How a variant's clients reach the fakes: where, and with which identity (none = plaintext). */
interface Wire {
  readonly target: string;
  readonly tls: TlsIdentity | undefined;
}

/**
 * grpc-js clients of the fakes over `wire`, recording into `telemetry` (client spans, RED
 * metrics), made as bff-web's main.ts makes them: caller bff-web, one token signer for the three
 * (signing with the identity's key under mTLS, unsigned tokens in plaintext).
 */
function grpcClients(wire: Wire, telemetry: Telemetry): { readonly clients: ServiceClients; close(): void } {
  const userTokens = new UserTokenSigner(wire.tls?.privateKey);
  const options = { caller: "bff-web", retry: false, telemetry, userTokens, ...(wire.tls === undefined ? {} : { tls: wire.tls, serverName: SERVICES_IDENTITY }) } as const;
  const clients = {
    users: createClient(UserService, wire.target, options),
    catalog: createClient(CatalogService, wire.target, options),
    orders: createClient(OrderService, wire.target, options),
  };
  return { clients, close: () => Object.values(clients).forEach((client) => closeClient(client)) };
}

/** The OTLP sink in a child process (its decoding is not this process's CPU); `counts()` asks it over IPC. */
async function sinkInChild(): Promise<{ url: string; counts(): Promise<SinkCounts>; close(): void }> {
  const { first, child } = await forkServing(["--serve-sink"], "OTLP sink");
  return {
    url: String(first),
    counts: () => ask<SinkCounts>(child, "counts"),
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

/**
 * The fakes child: one set of fakes (one seeded data set) hosted twice, on a plaintext port with
 * the development trust and on an mTLS port with the services' certificate; both apply the same
 * caller rules (bff-web may present user tokens, jobs is privileged). Answers "cpu" with its
 * `process.cpuUsage()`.
 */
async function serveFakes(servicesTls: TlsFiles | undefined): Promise<void> {
  if (servicesTls === undefined) throw new Error("--serve-fakes needs --tls-ca, --tls-cert and --tls-key");
  const fakes = createFakeServices();
  await fakes.ready;
  const services = [service(UserService, fakes.impls.users), service(CatalogService, fakes.impls.catalog), service(OrderService, fakes.impls.orders)];
  const plaintext = await startGrpcServer({ services, serving: true, auth: loadGrpcTrust({ grpcInsecure: true }) });
  const mtls = await startGrpcServer({
    services,
    serving: true,
    auth: loadGrpcTrust({ grpcInsecure: false, grpcTlsCaFile: servicesTls.caFile, grpcTlsCertFile: servicesTls.certFile, grpcTlsKeyFile: servicesTls.keyFile }),
  });
  const addresses: FakesAddresses = { plaintext: `127.0.0.1:${plaintext.port}`, mtls: `127.0.0.1:${mtls.port}` };
  process.send?.(addresses);
  process.on("message", (message) => {
    if (message === "cpu") process.send?.(process.cpuUsage());
  });
  const stop = () => void Promise.all([plaintext.shutdown(), mtls.shutdown()]).then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("disconnect", stop);
}

/** bff-web with one variant's settings over one transport, ready to be measured. */
interface Variant {
  readonly key: VariantKey;
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

/** Starts bff-web with these settings over `clientsFor`'s clients, checks its home page once, and returns the operations to measure. */
async function startVariant(key: VariantKey, settings: TelemetrySettings, grpc: GrpcTrustSettings, clientsFor: ClientsFor): Promise<Variant> {
  const telemetry = createTelemetry({ settings });
  const { clients, close: closeClients } = clientsFor(telemetry);
  const server = createWebServer({ clients, config: configOf(settings, grpc), logger: silentLogger(), telemetry });
  const userId = demoUser(0).id;
  if (demoUser(0).email !== DEMO_LOGIN.email) throw new Error("demo user 0 is not the demo login");
  const token = (await server.tokens.sign({ userId, sessionId: BENCH_SESSION_ID })).token;
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
    throw new Error(`${variantLabel(key)}: unexpected home page answer: ${JSON.stringify(first).slice(0, 500)}`);
  }
  const bff: Operation = async () => {
    const text = await homeOnce();
    if (text.includes('"errors"')) throw new Error(`errors in the answer: ${text.slice(0, 300)}`);
  };

  // The same four RPCs straight on the clients, no GraphQL (bench peer (d) over these fakes),
  // acting for the user as bff-web does: the call's END_USER becomes its x-user-token.
  const { users, catalog, orders } = clients;
  const call = { timeoutMs: 60_000, contextValues: endUserValues(userId) };
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
    key,
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

/** The throwaway PKI of a grpc run: the services' certificate for the child, bff-web's identity for the clients. */
interface BenchPki {
  readonly servicesTls: TlsFiles;
  readonly bffWebTls: TlsFiles;
  readonly bffWeb: TlsIdentity;
  remove(): Promise<void>;
}

async function createBenchPki(): Promise<BenchPki> {
  const dir = await mkdtemp(join(tmpdir(), "shop-bff-cpu-pki-"));
  try {
    const pki = await createDevPki({ identities: [SERVICES_IDENTITY, "bff-web"], dir });
    return {
      servicesTls: pki.files(SERVICES_IDENTITY),
      bffWebTls: pki.files("bff-web"),
      bffWeb: pki.tlsIdentity("bff-web"),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The `grpc` keys bff-web's config would carry for `trust` (the PKI's files under mTLS). */
function grpcSettingsOf(trust: Trust, pki: BenchPki | undefined): GrpcTrustSettings {
  if (trust !== "mtls") return { grpcInsecure: true };
  if (pki === undefined) throw new Error("an mTLS variant needs the bench's PKI");
  const files = pki.bffWebTls;
  return { grpcInsecure: false, grpcTlsCaFile: files.caFile, grpcTlsCertFile: files.certFile, grpcTlsKeyFile: files.keyFile };
}

/** Per variant label, one reading per round. */
type Readings = Map<string, number[]>;

const push = (readings: Readings, key: VariantKey, value: number): void => {
  const label = variantLabel(key);
  readings.set(label, [...(readings.get(label) ?? []), value]);
};

async function benchTransport(transport: Transport, opts: CpuBenchOptions): Promise<{ results: CpuResult[]; lines: number }> {
  const keys = variantsOf(transport, opts.tracing, opts.trust);
  if (keys.length === 0) return { results: [], lines: 0 };
  const pki = transport === "grpc" ? await createBenchPki() : undefined;
  let fakes: FakesChild | undefined;
  let sink: Awaited<ReturnType<typeof sinkInChild>> | undefined;
  const started: Variant[] = [];
  const results: CpuResult[] = [];
  try {
    fakes = pki === undefined ? undefined : await fakesInChild(pki.servicesTls);
    sink = keys.some((k) => k.tracing !== "off") ? await sinkInChild() : undefined;
    const clientsFor = (key: VariantKey): ClientsFor => {
      if (fakes === undefined) return () => ({ clients: createFakeServices().clients, close: () => undefined });
      const wire: Wire = key.trust === "mtls" ? { target: fakes.addresses.mtls, tls: pki!.bffWeb } : { target: fakes.addresses.plaintext, tls: undefined };
      return (telemetry) => grpcClients(wire, telemetry);
    };
    for (const key of keys) started.push(await startVariant(key, telemetrySettings(key.tracing, sink?.url), grpcSettingsOf(key.trust, pki), clientsFor(key)));
    // One unrecorded pass over every variant first: the first one measured would otherwise alone meet a cold JIT.
    for (const variant of started) {
      await drive(variant.bff, opts.warmup * 2, Math.max(...opts.concurrency));
      await drive(variant.raw, opts.warmup, Math.max(...opts.concurrency));
    }
    for (const concurrency of opts.concurrency) {
      const bffRuns: Readings = new Map();
      const servicesRuns: Readings = new Map();
      const rawRuns: Readings = new Map();
      const spanRuns: Readings = new Map();
      // Every round measures every variant, in an order rotated each round, so drift in the
      // machine's load hits them alike; each variant is then compared with its baseline round by round.
      for (let round = 0; round < opts.rounds; round++) {
        const shift = round % started.length;
        for (const variant of [...started.slice(shift), ...started.slice(0, shift)]) {
          await drive(variant.bff, opts.warmup, concurrency);
          await variant.flush();
          const spansBefore = (await sink?.counts())?.spans ?? 0;
          const servicesBefore = await fakes?.cpuUs();
          const b = await measure(variant.bff, opts.ops, concurrency, variant.flush);
          const servicesAfter = await fakes?.cpuUs();
          const spansAfter = (await sink?.counts())?.spans ?? 0;
          push(bffRuns, variant.key, b.cpuUs / b.ops);
          if (servicesBefore !== undefined && servicesAfter !== undefined) push(servicesRuns, variant.key, (servicesAfter - servicesBefore) / b.ops);
          push(spanRuns, variant.key, (spansAfter - spansBefore) / b.ops);
          await drive(variant.raw, opts.warmup, concurrency);
          await variant.flush();
          const r = await measure(variant.raw, opts.ops, concurrency, variant.flush);
          push(rawRuns, variant.key, r.cpuUs / r.ops);
        }
      }
      const of = (readings: Readings, key: VariantKey | undefined) => (key === undefined ? undefined : readings.get(variantLabel(key)));
      for (const key of keys) {
        const runs = of(bffRuns, key)!;
        const bffUs = median(runs);
        const rawUs = median(of(rawRuns, key)!);
        const servicesOwn = of(servicesRuns, key);
        const versusOff = baselineOf(key, "tracing");
        const versusPlaintext = baselineOf(key, "trust");
        results.push({
          transport,
          trust: key.trust,
          tracing: key.tracing,
          concurrency,
          bffUsPerOp: Math.round(bffUs),
          servicesUsPerOp: servicesOwn === undefined ? null : Math.round(median(servicesOwn)),
          rawUsPerOp: Math.round(rawUs),
          graphqlUsPerOp: Math.round(bffUs - rawUs),
          bffOpsPerCpuS: Math.round(1e6 / bffUs),
          bffSpansPerOp: key.tracing === "off" ? null : Math.round(median(of(spanRuns, key)!) * 100) / 100,
          bffChangeVsOff: pairedChange(runs, of(bffRuns, versusOff)),
          bffChangeVsPlaintext: pairedChange(runs, of(bffRuns, versusPlaintext)),
          servicesChangeVsPlaintext: servicesOwn === undefined ? null : pairedChange(servicesOwn, of(servicesRuns, versusPlaintext)),
        });
      }
    }
  } finally {
    for (const variant of started) await variant.close();
    fakes?.close();
    sink?.close();
    await pki?.remove();
  }
  return { results, lines: started[0]?.lines ?? 0 };
}

/** The rows of the "cost of trust" table: each mTLS result beside its plaintext baseline. */
function trustPairs(results: readonly CpuResult[]): { plaintext: CpuResult; mtls: CpuResult }[] {
  return results.flatMap((mtls) => {
    if (mtls.trust !== "mtls") return [];
    const plaintext = results.find((r) => r.transport === mtls.transport && r.trust === "plaintext" && r.tracing === mtls.tracing && r.concurrency === mtls.concurrency);
    return plaintext === undefined ? [] : [{ plaintext, mtls }];
  });
}

async function main(): Promise<void> {
  const opts = options();
  const loadAtStart = loadavg();
  const results: CpuResult[] = [];
  let lineCount = 0;
  for (const transport of opts.transports) {
    const run = await benchTransport(transport, opts);
    results.push(...run.results);
    lineCount = run.lines;
  }
  const loadAtEnd = loadavg();
  const load = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(" / ");
  console.log(`### bff-web CPU per home-page operation (in process; ${opts.ops} ops × ${opts.rounds} rounds, median)`);
  console.log("");
  console.log(`Data: 20 recommendations, 5 orders with ${lineCount} lines; Node ${process.version}. memory = fakes in this process`);
  console.log("(Connect router transport, their CPU included); grpc = fakes in a child process over grpc-js (this process = the BFF).");
  console.log("plaintext = development trust (x-caller, unsigned user token); mtls = client certificate + user token signed by bff-web.");
  console.log(`Load average (1 / 5 / 15 min): ${load(loadAtStart)} at start, ${load(loadAtEnd)} at end.`);
  console.log("");
  console.log(
    "| transport | trust | tracing | concurrency | bff-web µs/op | vs tracing off (median per round) | vs plaintext (median per round) | services µs/op | services vs plaintext | same 4 RPCs, no GraphQL µs/op | GraphQL's share µs/op | ops per CPU-second | spans/op |",
  );
  console.log("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.transport} | ${r.trust} | ${r.tracing} | ${r.concurrency} | ${r.bffUsPerOp} | ${formatChange(r.bffChangeVsOff)} | ${formatChange(r.bffChangeVsPlaintext)} | ` +
        `${r.servicesUsPerOp ?? "—"} | ${formatChange(r.servicesChangeVsPlaintext)} | ${r.rawUsPerOp} | ${r.graphqlUsPerOp} | ${r.bffOpsPerCpuS} | ${r.bffSpansPerOp ?? "—"} |`,
    );
  }
  const pairs = trustPairs(results);
  if (pairs.length > 0) {
    console.log("");
    console.log("#### The cost of trust: CPU µs per home page, mTLS + signed user tokens next to plaintext (medians; change: median of the per-round changes, their range in brackets)");
    console.log("");
    console.log("| tracing | concurrency | bff-web plaintext | bff-web mTLS | bff-web change | services plaintext | services mTLS | services change | both plaintext | both mTLS |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const { plaintext, mtls } of pairs) {
      const both = (r: CpuResult) => (r.servicesUsPerOp === null ? "—" : String(r.bffUsPerOp + r.servicesUsPerOp));
      console.log(
        `| ${mtls.tracing} | ${mtls.concurrency} | ${plaintext.bffUsPerOp} | ${mtls.bffUsPerOp} | ${formatChange(mtls.bffChangeVsPlaintext, true)} | ` +
          `${plaintext.servicesUsPerOp ?? "—"} | ${mtls.servicesUsPerOp ?? "—"} | ${formatChange(mtls.servicesChangeVsPlaintext, true)} | ${both(plaintext)} | ${both(mtls)} |`,
      );
    }
  }
  if (opts.json) console.log(JSON.stringify({ bench: "bff-cpu", lines: lineCount, loadAverage: { start: loadAtStart, end: loadAtEnd }, results }));
}

if (process.argv.includes("--serve-fakes")) await serveFakes(options().servicesTls);
else if (process.argv.includes("--serve-sink")) await serveSink();
else await main();
