import type { BenchSystem } from "./bench-system.js";
import { quantile, runLoad } from "./load-generator.js";
import type { OtlpSink, SinkCounts } from "./otlp-sink.js";
import type { Peer, PeerKey } from "./peers.js";
import { cpuMsOf, cpuMsOfAll } from "./process-stats.js";
import { payloadBytesOf, talliesBetween, type MethodTally } from "./rpc-counter.js";
import { TRACE_EXPORT_DELAY_MS } from "./tracing-settings.js";

/** What the processes exported to the OTLP sink during one run, per operation. */
export interface TraceFigures {
  /** Spans of the GraphQL server (resources named bff-…). */
  readonly gatewaySpansPerOp: number;
  /** Spans of users, catalog and orders. */
  readonly serviceSpansPerOp: number;
  /** OTLP export requests (batches) of every process. */
  readonly exportsPerOp: number;
  /** OTLP request body bytes of every process. */
  readonly exportBytesPerOp: number;
}

/** The figures of one measured run of one peer at one concurrency. */
export interface RunFigures {
  readonly peer: PeerKey;
  readonly concurrency: number;
  /** Which interleaved round (1…) the run belonged to: runs of one round and concurrency are measured close together. */
  readonly round: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** RPCs the services logged, per operation. */
  readonly rpcsPerOp: number;
  /** CPU (user + sys) of the GraphQL server per operation; null for raw. */
  readonly gatewayCpuMsPerOp: number | null;
  /** CPU of users + catalog + orders per operation. */
  readonly servicesCpuMsPerOp: number;
  /** Protobuf payload bytes (requests + responses) the services logged, per operation. */
  readonly serviceBytesPerOp: number;
  /** CPU of the benchmark process itself (load generator; for raw also the gRPC client work). */
  readonly clientCpuMsPerOp: number;
  readonly errors: number;
  readonly firstError?: string;
  /** RPCs and payload bytes per method over the run. */
  readonly methods: Record<string, MethodTally>;
  /** Only when the bench runs an OTLP sink (traced peers asked for). */
  readonly tracing?: TraceFigures;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the RPC counter stops moving (the services' log lines have all arrived). */
async function settleLogs(bench: BenchSystem): Promise<void> {
  let last = -1;
  while (bench.rpcs.total !== last) {
    last = bench.rpcs.total;
    await sleep(150);
  }
}

/**
 * Waits until the sink has had no export for longer than the processes' export delay: every span
 * finished so far has then arrived.
 */
async function settleSink(sink: OtlpSink): Promise<void> {
  const quietMs = TRACE_EXPORT_DELAY_MS + 500;
  let last = sink.counts().requests;
  let quietSince = performance.now();
  while (performance.now() - quietSince < quietMs) {
    await sleep(100);
    const now = sink.counts().requests;
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    }
  }
}

/** The spans, exports and bytes between two sink readings, per operation. */
export function traceFiguresBetween(before: SinkCounts, after: SinkCounts, operations: number): TraceFigures {
  let gateway = 0;
  let services = 0;
  for (const [service, spans] of Object.entries(after.spansByService)) {
    const delta = spans - (before.spansByService[service] ?? 0);
    if (service.startsWith("bff")) gateway += delta;
    else services += delta;
  }
  const ops = Math.max(1, operations);
  return {
    gatewaySpansPerOp: gateway / ops,
    serviceSpansPerOp: services / ops,
    exportsPerOp: (after.requests - before.requests) / ops,
    exportBytesPerOp: (after.bytes - before.bytes) / ops,
  };
}

/**
 * Warms the peer up at the same concurrency, then measures one timed run. Readings (CPU time of
 * each process from /proc, RPCs and payload bytes logged by the services) are taken after the warm-up has drained
 * and after the run has drained, so they cover exactly the operations of the run. With an OTLP
 * sink, both readings also wait until the run's spans have all been exported (the exports are CPU
 * of the run), for every peer alike.
 */
export async function measureRun(bench: BenchSystem, peer: Peer, concurrency: number, durationMs: number, warmupMs: number, round: number): Promise<RunFigures> {
  const { sink } = bench;
  if (warmupMs > 0) await runLoad(peer.run, { concurrency, durationMs: warmupMs });
  await settleLogs(bench);
  if (sink !== undefined) await settleSink(sink);
  const sinkBefore = sink?.counts();
  const rpcsBefore = bench.rpcs.snapshot();
  const totalBefore = bench.rpcs.total;
  const servicesBefore = cpuMsOfAll(bench.servicePids);
  const gatewayBefore = peer.gatewayPid === undefined ? 0 : cpuMsOf(peer.gatewayPid);
  const clientBefore = process.cpuUsage();

  const load = await runLoad(peer.run, { concurrency, durationMs });
  if (sink !== undefined) await settleSink(sink);

  const clientUsage = process.cpuUsage(clientBefore);
  const servicesMs = cpuMsOfAll(bench.servicePids) - servicesBefore;
  const gatewayMs = peer.gatewayPid === undefined ? null : cpuMsOf(peer.gatewayPid) - gatewayBefore;
  await settleLogs(bench);
  const rpcs = bench.rpcs.total - totalBefore;
  const methods = talliesBetween(rpcsBefore, bench.rpcs.snapshot());
  // Failed operations cost RPCs and CPU too: spread the readings over every operation started.
  const done = Math.max(1, load.opsIncludingDrain + load.errors);
  return {
    peer: peer.key,
    concurrency,
    round,
    opsPerSecond: (load.ops * 1000) / load.elapsedMs,
    p50Ms: quantile(load.latenciesMs, 0.5),
    p99Ms: quantile(load.latenciesMs, 0.99),
    rpcsPerOp: rpcs / done,
    gatewayCpuMsPerOp: gatewayMs === null ? null : gatewayMs / done,
    servicesCpuMsPerOp: servicesMs / done,
    serviceBytesPerOp: payloadBytesOf(methods) / done,
    clientCpuMsPerOp: (clientUsage.user + clientUsage.system) / 1000 / done,
    errors: load.errors,
    ...(load.firstError === undefined ? {} : { firstError: load.firstError }),
    methods: Object.fromEntries(methods),
    ...(sink === undefined || sinkBefore === undefined ? {} : { tracing: traceFiguresBetween(sinkBefore, sink.counts(), done) }),
  };
}
