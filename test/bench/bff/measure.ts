import type { BenchSystem } from "./bench-system.js";
import { quantile, runLoad } from "./load-generator.js";
import type { Peer, PeerKey } from "./peers.js";
import { cpuMsOf, cpuMsOfAll } from "./process-stats.js";
import { payloadBytesOf, talliesBetween, type MethodTally } from "./rpc-counter.js";

/** The figures of one measured run of one peer at one concurrency. */
export interface RunFigures {
  readonly peer: PeerKey;
  readonly concurrency: number;
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
 * Warms the peer up at the same concurrency, then measures one timed run. Readings (CPU time of
 * each process from /proc, RPCs and payload bytes logged by the services) are taken after the warm-up has drained
 * and after the run has drained, so they cover exactly the operations of the run.
 */
export async function measureRun(bench: BenchSystem, peer: Peer, concurrency: number, durationMs: number, warmupMs: number): Promise<RunFigures> {
  if (warmupMs > 0) await runLoad(peer.run, { concurrency, durationMs: warmupMs });
  await settleLogs(bench);
  const rpcsBefore = bench.rpcs.snapshot();
  const totalBefore = bench.rpcs.total;
  const servicesBefore = cpuMsOfAll(bench.servicePids);
  const gatewayBefore = peer.gatewayPid === undefined ? 0 : cpuMsOf(peer.gatewayPid);
  const clientBefore = process.cpuUsage();

  const load = await runLoad(peer.run, { concurrency, durationMs });

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
  };
}
