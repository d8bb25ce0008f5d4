// `npm run bench [-- --duration 8 --warmup 2 --rounds 3 --concurrency 1,16,64 --quick --pglite --no-mobile --no-masks-peer
//   --no-production-peer --production-node-options "…" --tracing --insecure --peers bff,bffProduction]`
// The home-page operation through bff-web (with and without read masks, with and without
// tracing), a naive BFF, Mesh / Hive Gateway and raw gRPC, side by side.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startBenchSystem, type BenchSystem } from "./bench-system.js";
import { renderChart } from "./chart.js";
import { runLoad } from "./load-generator.js";
import { measureRun, type RunFigures } from "./measure.js";
import { PEER_KEYS, PEER_LABELS, startPeers, type Peer, type PeerKey } from "./peers.js";
import { KUBERNETES_NODE_OPTIONS } from "../../../scripts/launcher/node-flags.js";
import { peakRssMbOf } from "./process-stats.js";
import { markdownReport, resultLine, summarise, type BenchResults } from "./report.js";
import { TRACED_PEER_KEYS } from "./tracing-settings.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    warmup: { type: "string" },
    rounds: { type: "string" },
    concurrency: { type: "string", default: "1,16,64" },
    quick: { type: "boolean", default: false },
    pglite: { type: "boolean", default: false },
    "no-mobile": { type: "boolean", default: false },
    "no-masks-peer": { type: "boolean", default: false },
    "no-production-peer": { type: "boolean", default: false },
    "production-node-options": { type: "string", default: KUBERNETES_NODE_OPTIONS },
    "production-release": { type: "string" },
    tracing: { type: "boolean", default: false },
    insecure: { type: "boolean", default: false },
    peers: { type: "string" },
    out: { type: "string", default: fileURLToPath(new URL("../results/", import.meta.url)) },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(`Usage: npm run bench -- [options]
  --duration S        seconds per measured run (default 8; --quick: 2)
  --warmup S          seconds of warm-up before each run (default 2; --quick: 1)
  --rounds N          interleaved rounds, medians reported (default 3; --quick: 1)
  --concurrency LIST  concurrency levels (default 1,16,64)
  --quick             a smoke run: short runs, one round
  --pglite            run the services on PGlite even when PostgreSQL answers
  --no-mobile         leave out the bff-mobile home row
  --no-masks-peer     leave out (a′), the second bff-web with WEB_READ_MASKS=off
  --no-production-peer  leave out (a″), a bff-web as the image runs it (NODE_ENV=production, NODE_OPTIONS below)
  --production-node-options OPTS  NODE_OPTIONS of (a″) (default "${KUBERNETES_NODE_OPTIONS}", the manifests')
  --production-release DIR  run (a″) from this release's built bff-web (npm run release -- --out DIR), as the image does
  --tracing           add (t0.1) and (t1), bff-web recording 1 in 10 and every trace over OTLP to a sink the
                      bench runs (the services export to it too); implied by naming bffTrace01 or bffTrace1 in --peers
  --insecure          plaintext gRPC between the processes (the launcher's development mode) instead of mutual
                      TLS: to compare what trust costs on the whole system; leaves out (a″) (production refuses it)
  --peers LIST        measure only these peers (${PEER_KEYS.join(",")})
  --out DIR           where bff-latest.{json,md} and bff-chart.svg go (default test/bench/results)`);
  process.exit(0);
}

const number = (text: string | undefined, fallback: number, name: string): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} ${text}: expected a positive number`);
    process.exit(2);
  }
  return value;
};
const durationS = number(values.duration, values.quick ? 2 : 8, "duration");
const warmupS = values.warmup === "0" ? 0 : number(values.warmup, values.quick ? 1 : 2, "warmup");
const rounds = Math.trunc(number(values.rounds, values.quick ? 1 : 3, "rounds"));
const concurrencies = values.concurrency.split(",").map((c) => Math.trunc(number(c.trim(), 1, "concurrency")));
const only = values.peers?.split(",").map((p) => p.trim()) as PeerKey[] | undefined;
for (const peer of only ?? []) {
  if (!PEER_KEYS.includes(peer)) {
    console.error(`--peers: unknown peer "${peer}" (expected some of ${PEER_KEYS.join(",")})`);
    process.exit(2);
  }
}
// (a″) runs with NODE_ENV=production, which refuses plaintext gRPC: it is left out of an --insecure run.
const productionNodeOptions =
  values["no-production-peer"] || values.insecure || (only !== undefined && !only.includes("bffProduction")) ? undefined : values["production-node-options"];
const tracing = values.tracing || (only?.some((peer) => (TRACED_PEER_KEYS as readonly string[]).includes(peer)) ?? false);
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
// The launched BFFs inherit this environment: (a) and bff-mobile must run as built.
for (const key of ["WEB_READ_MASKS", "MOBILE_READ_MASKS"]) {
  if (process.env[key] !== undefined) {
    console.error(`${key} is set: unset it (peer (a′) is the bench's own bff-web with WEB_READ_MASKS=off)`);
    process.exit(2);
  }
}
// (a) is bff-web with tracing off, and the traced peers' settings are the bench's own.
const otelKeys = Object.keys(process.env).filter((key) => key.startsWith("OTEL_"));
if (otelKeys.length > 0) {
  console.error(`${otelKeys.join(", ")} set: unset (the launched processes would inherit it; --tracing adds the traced peers)`);
  process.exit(2);
}

const startedAt = new Date().toISOString();
const loadAverageAtStart = loadavg();
progress(`starting the system (${values.pglite ? "PGlite (forced)" : "PostgreSQL if 127.0.0.1:5432 answers, else PGlite"})…`);
const bench: BenchSystem = await startBenchSystem({ postgres: !values.pglite, tracing, insecure: values.insecure });
progress(`services on ${bench.db} (${bench.trust === "mtls" ? "mutual TLS" : "plaintext"})${bench.sink === undefined ? "" : `, exporting spans to ${bench.sink.url}`}; starting the peers…`);
let peers: Peer[] = [];
const stopAll = async (): Promise<void> => {
  for (const peer of peers) await peer.close().catch(() => undefined);
  await bench.stop();
};
process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  const started = await startPeers(bench, {
    mobile: !values["no-mobile"],
    masksOff: !values["no-masks-peer"],
    productionNodeOptions,
    productionRelease: values["production-release"],
    tracesEndpoint: bench.sink?.url,
    only,
  });
  peers = started.peers;
  if (only !== undefined) {
    for (const peer of peers.filter((p) => !only.includes(p.key))) await peer.close();
    peers = peers.filter((p) => only.includes(p.key));
  }
  for (const [peer, reason] of Object.entries(started.failures)) progress(`${PEER_LABELS[peer as PeerKey]} could not run: ${reason}`);

  // One unrecorded pass over every peer first: otherwise the first peer of round 1 alone meets
  // cold services and a cold JIT (bff-web measured 30 % slower there than in later rounds).
  for (const peer of peers) {
    await runLoad(peer.run, { concurrency: concurrencies[0]!, durationMs: Math.max(1, warmupS) * 1500 });
    progress(`warmed up ${PEER_LABELS[peer.key]}`);
  }

  const runs: RunFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [ci, concurrency] of concurrencies.entries()) {
      // Rotate the order every round and level, so no peer always runs first (or last) on a warm machine.
      const shift = (round + ci) % peers.length;
      const order = [...peers.slice(shift), ...peers.slice(0, shift)];
      for (const peer of order) {
        const figures = await measureRun(bench, peer, concurrency, durationS * 1000, warmupS * 1000, round + 1);
        runs.push(figures);
        progress(
          `round ${round + 1}/${rounds} c=${concurrency} ${PEER_LABELS[peer.key]}: ${figures.opsPerSecond.toFixed(1)} ops/s, ` +
            `p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms, ${figures.rpcsPerOp.toFixed(2)} RPCs/op, ` +
            `gateway ${figures.gatewayCpuMsPerOp?.toFixed(2) ?? "—"} ms CPU/op, services ${figures.servicesCpuMsPerOp.toFixed(2)} ms CPU/op, ` +
            `${figures.serviceBytesPerOp.toFixed(0)} service bytes/op` +
            (figures.errors > 0 ? `, ${figures.errors} errors (${figures.firstError})` : ""),
        );
      }
    }
  }

  const peakRssMb: Partial<Record<PeerKey, number>> = {};
  const bytes: Partial<Record<PeerKey, number>> = {};
  for (const peer of peers) {
    if (peer.gatewayPid !== undefined) peakRssMb[peer.key] = peakRssMbOf(peer.gatewayPid);
    if (peer.responseBytes !== undefined) bytes[peer.key] = peer.responseBytes;
  }
  const results: BenchResults = {
    bench: "bff",
    db: bench.db,
    startedAt,
    machine: { node: process.version, cpus: cpus().length, loadAverageAtStart },
    settings: { durationS, warmupS, rounds, concurrencies },
    summary: summarise(runs),
    runs,
    peakRssMb,
    bytes,
    failures: started.failures,
    trust: bench.trust,
    ...(productionNodeOptions === undefined ? {} : { productionNodeOptions, productionBuilt: values["production-release"] !== undefined }),
    ...(bench.sink === undefined ? {} : { sink: bench.sink.counts() }),
  };
  const table = markdownReport(results);
  const line = resultLine(results);
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, "bff-latest.json"), JSON.stringify({ ...results, line }, null, 2) + "\n");
  await writeFile(join(values.out, "bff-latest.md"), table);
  await writeFile(join(values.out, "bff-chart.svg"), renderChart(results));
  await stopAll();
  console.log(table);
  console.log(JSON.stringify(line));
} catch (error) {
  await stopAll();
  const tail = bench.rpcs.recentLines().slice(-20).join("\n");
  console.error(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\nlast log lines:\n${tail}`);
  process.exit(1);
}
