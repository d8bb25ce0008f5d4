import type { RunFigures, TraceFigures } from "./measure.js";
import type { SinkCounts } from "./otlp-sink.js";
import { fmt, median, ratioOf } from "./numbers.js";
import { PEER_KEYS, PEER_LABELS, type PeerKey } from "./peers.js";
import { tracingLine, tracingSection } from "./tracing-report.js";

/** The median figures of one peer at one concurrency over the rounds. */
export interface PeerSummary
  extends Pick<
    RunFigures,
    | "peer"
    | "concurrency"
    | "opsPerSecond"
    | "p50Ms"
    | "p99Ms"
    | "rpcsPerOp"
    | "gatewayCpuMsPerOp"
    | "servicesCpuMsPerOp"
    | "serviceBytesPerOp"
    | "clientCpuMsPerOp"
  > {
  readonly rounds: number;
  /** Failed operations over all rounds. */
  readonly errors: number;
  /** Medians of what was exported to the OTLP sink, when it ran. */
  readonly tracing?: TraceFigures;
}

/** Everything the report is made from. */
export interface BenchResults {
  readonly bench: "bff";
  readonly db: "postgres" | "pglite";
  readonly startedAt: string;
  readonly machine: { readonly node: string; readonly cpus: number; readonly loadAverageAtStart: readonly number[] };
  readonly settings: { readonly durationS: number; readonly warmupS: number; readonly rounds: number; readonly concurrencies: readonly number[] };
  readonly summary: readonly PeerSummary[];
  readonly runs: readonly RunFigures[];
  /** Peak RSS (VmHWM) of each GraphQL server process at the end, MiB. */
  readonly peakRssMb: Partial<Record<PeerKey, number>>;
  /** Response body sizes of one operation. */
  readonly bytes: Partial<Record<PeerKey, number>>;
  /** Peers that could not be run, and why. */
  readonly failures: Partial<Record<PeerKey, string>>;
  /** NODE_OPTIONS of (a″), the production-settings bff-web, when it ran. */
  readonly productionNodeOptions?: string;
  /** True when (a″) ran the built JavaScript of a release (as the image does), false when from source. */
  readonly productionBuilt?: boolean;
  /** What the OTLP sink received over the whole bench (warm-ups included), when it ran. */
  readonly sink?: SinkCounts;
  /** How the processes authenticated each other: mutual TLS (the default) or plaintext (`--insecure`). @default "mtls" */
  readonly trust?: "mtls" | "insecure";
}

/** Medians per peer and concurrency over the rounds (the machine is shared: single runs are noisy). */
export function summarise(runs: readonly RunFigures[]): PeerSummary[] {
  const groups = new Map<string, RunFigures[]>();
  for (const run of runs) {
    const key = `${run.peer}@${run.concurrency}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const out: PeerSummary[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const gateway = group.map((r) => r.gatewayCpuMsPerOp).filter((v): v is number => v !== null);
    const traced = group.map((r) => r.tracing).filter((t): t is TraceFigures => t !== undefined);
    out.push({
      peer: first.peer,
      concurrency: first.concurrency,
      rounds: group.length,
      opsPerSecond: median(group.map((r) => r.opsPerSecond)),
      p50Ms: median(group.map((r) => r.p50Ms)),
      p99Ms: median(group.map((r) => r.p99Ms)),
      rpcsPerOp: median(group.map((r) => r.rpcsPerOp)),
      gatewayCpuMsPerOp: gateway.length > 0 ? median(gateway) : null,
      servicesCpuMsPerOp: median(group.map((r) => r.servicesCpuMsPerOp)),
      serviceBytesPerOp: median(group.map((r) => r.serviceBytesPerOp)),
      clientCpuMsPerOp: median(group.map((r) => r.clientCpuMsPerOp)),
      errors: group.reduce((n, r) => n + r.errors, 0),
      ...(traced.length === 0
        ? {}
        : {
            tracing: {
              gatewaySpansPerOp: median(traced.map((t) => t.gatewaySpansPerOp)),
              serviceSpansPerOp: median(traced.map((t) => t.serviceSpansPerOp)),
              exportsPerOp: median(traced.map((t) => t.exportsPerOp)),
              exportBytesPerOp: median(traced.map((t) => t.exportBytesPerOp)),
            },
          }),
    });
  }
  return out.sort((a, b) => PEER_KEYS.indexOf(a.peer) - PEER_KEYS.indexOf(b.peer) || a.concurrency - b.concurrency);
}

/** The summary of one peer at one concurrency, if it ran. */
export function figureOf(results: BenchResults, peer: PeerKey, concurrency: number): PeerSummary | undefined {
  return results.summary.find((s) => s.peer === peer && s.concurrency === concurrency);
}

const round = (value: number | null | undefined, digits = 2): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

const WEB_PEERS = ["bff", "bffNoMasks", "bffProduction", "naive", "mesh", "raw"] as const;
const GATEWAY_PEERS = ["bff", "bffNoMasks", "bffProduction", "naive", "mesh"] as const;

/** What read masks change, and the ratios issue 14 asks for (null where a peer did not run). */
export interface ReadMaskFigures {
  readonly concurrency: number;
  /** ops/s of bff-web ÷ Mesh's. */
  readonly bffOverMeshOps: number | null;
  /** ops/s of bff-web ÷ raw gRPC's. */
  readonly bffOverRawOps: number | null;
  /** Services CPU per operation, (a) bff-web ÷ (a′) bff-web with read masks off. */
  readonly servicesCpuMasksOnOverOff: number | null;
  /** Service payload bytes per operation, (a) ÷ (a′). */
  readonly serviceBytesMasksOnOverOff: number | null;
  /** Service payload bytes per operation of bff-mobile's home. */
  readonly mobileServiceBytesPerOp: number | null;
}

/** The read-mask figures at one concurrency (16 by default, like the targets). */
export function readMaskFigures(results: BenchResults, concurrency = 16): ReadMaskFigures {
  const at = (p: PeerKey) => figureOf(results, p, concurrency);
  return {
    concurrency,
    bffOverMeshOps: ratioOf(at("bff")?.opsPerSecond, at("mesh")?.opsPerSecond),
    bffOverRawOps: ratioOf(at("bff")?.opsPerSecond, at("raw")?.opsPerSecond),
    servicesCpuMasksOnOverOff: ratioOf(at("bff")?.servicesCpuMsPerOp, at("bffNoMasks")?.servicesCpuMsPerOp),
    serviceBytesMasksOnOverOff: ratioOf(at("bff")?.serviceBytesPerOp, at("bffNoMasks")?.serviceBytesPerOp),
    mobileServiceBytesPerOp: at("mobile")?.serviceBytesPerOp ?? null,
  };
}

/** The one-line JSON object of issue 5 (concurrency-16 figures; null for a peer that did not run). */
export function resultLine(results: BenchResults, concurrency = 16): Record<string, unknown> {
  const pick = <K extends string>(peers: readonly K[], value: (s: PeerSummary) => number | null, digits = 2) =>
    Object.fromEntries(peers.map((p) => [p, round(value(figureOf(results, p as PeerKey, concurrency) ?? ({} as PeerSummary)), digits)]));
  const masks = readMaskFigures(results, concurrency);
  return {
    bench: "bff",
    db: results.db,
    home_ops_s: pick(WEB_PEERS, (s) => s.opsPerSecond, 1),
    rpcs_per_op: pick(WEB_PEERS, (s) => s.rpcsPerOp),
    gateway_cpu_ms_per_op: pick(GATEWAY_PEERS, (s) => s.gatewayCpuMsPerOp),
    services_cpu_ms_per_op: pick(WEB_PEERS, (s) => s.servicesCpuMsPerOp),
    service_bytes_per_op: pick([...WEB_PEERS, "mobile"], (s) => s.serviceBytesPerOp, 0),
    p50_ms: pick(WEB_PEERS, (s) => s.p50Ms, 1),
    p99_ms: pick(WEB_PEERS, (s) => s.p99Ms, 1),
    bff_rss_mb: round(results.peakRssMb.bff, 1),
    bytes: { web_home: results.bytes.bff ?? null, mobile_home: results.bytes.mobile ?? null },
    ratios: {
      bff_over_mesh_ops_s: round(masks.bffOverMeshOps),
      bff_over_raw_ops_s: round(masks.bffOverRawOps),
      services_cpu_masks_on_over_off: round(masks.servicesCpuMasksOnOverOff),
      service_bytes_masks_on_over_off: round(masks.serviceBytesMasksOnOverOff),
    },
    mobile_service_bytes_per_op: round(masks.mobileServiceBytesPerOp, 0),
    tracing: tracingLine(results, concurrency) ?? null,
  };
}

/** One target of issue 5 and whether this run met it. */
export interface TargetCheck {
  readonly name: string;
  readonly wanted: string;
  readonly measured: string;
  readonly met: boolean | null;
}

/** The targets, on the concurrency-16 figures. */
export function checkTargets(results: BenchResults, concurrency = 16): TargetCheck[] {
  const at = (p: PeerKey) => figureOf(results, p, concurrency);
  const ratio = (other: PeerKey, wanted: number): TargetCheck => {
    const value = ratioOf(at("bff")?.opsPerSecond, at(other)?.opsPerSecond);
    return { name: `ops/s bff ÷ ${other}`, wanted: `≥ ${wanted}`, measured: value === null ? "n/a" : value.toFixed(2), met: value === null ? null : value >= wanted };
  };
  const cpuRatio = ratioOf(at("bff")?.gatewayCpuMsPerOp, at("mesh")?.gatewayCpuMsPerOp);
  const bffRpcs = at("bff")?.rpcsPerOp;
  const minimum = at("raw")?.rpcsPerOp ?? 4;
  return [
    ratio("naive", 5),
    ratio("mesh", 2),
    ratio("raw", 0.5),
    { name: "BFF CPU per op ÷ Mesh's", wanted: "≤ 0.5", measured: cpuRatio === null ? "n/a" : cpuRatio.toFixed(2), met: cpuRatio === null ? null : cpuRatio <= 0.5 },
    {
      name: "bff RPCs per op",
      wanted: `= minimum (${minimum.toFixed(0)})`,
      measured: bffRpcs === undefined ? "n/a" : bffRpcs.toFixed(2),
      met: bffRpcs === undefined ? null : Math.abs(bffRpcs - minimum) < 0.005,
    },
  ];
}

/** The Markdown report: the main table, memory and sizes, the targets, and any peer that did not run. */
export function markdownReport(results: BenchResults): string {
  const { settings } = results;
  const lines = [
    `### BFF benchmark — home page, ${results.db === "postgres" ? "PostgreSQL 15" : "PGlite"}, ${results.startedAt.slice(0, 10)}`,
    "",
    `Node ${results.machine.node}, ${results.machine.cpus} shared cores (load average at start ${results.machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(" / ")}); ` +
      `${settings.durationS} s per run after ${settings.warmupS} s warm-up (and one unrecorded pass over every peer first), medians of ${settings.rounds} interleaved round(s). ` +
      (results.trust === "insecure"
        ? "gRPC between processes in plaintext (`--insecure`: callers by x-caller, unsigned user tokens). "
        : "gRPC between processes over mutual TLS (end users as tokens signed by the calling BFF; Mesh as the privileged jobs identity). ") +
      "CPU = user + sys from /proc per operation; RPCs and service bytes (protobuf request + response payloads) summed from the services' own per-call log lines.",
    "",
    "| peer | conc. | ops/s | p50 ms | p99 ms | RPCs/op | gateway CPU ms/op | services CPU ms/op | service bytes/op | errors |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of results.summary) {
    lines.push(
      `| ${PEER_LABELS[s.peer]} | ${s.concurrency} | ${fmt(s.opsPerSecond)} | ${fmt(s.p50Ms)} | ${fmt(s.p99Ms)} | ${fmt(s.rpcsPerOp, 2)} | ` +
        `${s.gatewayCpuMsPerOp === null ? "—" : fmt(s.gatewayCpuMsPerOp, 2)} | ${fmt(s.servicesCpuMsPerOp, 2)} | ${fmt(s.serviceBytesPerOp, 0)} | ${s.errors} |`,
    );
  }
  lines.push(...readMaskSection(results));
  lines.push(...productionSection(results));
  lines.push(...tracingSection(results));
  lines.push("", "| process | peak RSS MiB | response bytes |", "|---|---:|---:|");
  for (const peer of ["bff", "bffNoMasks", "bffProduction", "bffTrace01", "bffTrace1", "naive", "mesh", "mobile"] as const) {
    if (results.peakRssMb[peer] === undefined && results.bytes[peer] === undefined) continue;
    lines.push(`| ${PEER_LABELS[peer]} | ${fmt(results.peakRssMb[peer])} | ${results.bytes[peer] ?? "—"} |`);
  }
  lines.push("", "| target (concurrency 16) | wanted | measured | met |", "|---|---|---:|---|");
  for (const t of checkTargets(results)) lines.push(`| ${t.name} | ${t.wanted} | ${t.measured} | ${t.met === null ? "n/a" : t.met ? "yes" : "**no**"} |`);
  const failed = Object.entries(results.failures);
  if (failed.length > 0) {
    lines.push("", "Peers that did not run:");
    for (const [peer, reason] of failed) lines.push(`- ${PEER_LABELS[peer as PeerKey]}: ${reason.split("\n")[0]}`);
  }
  return lines.join("\n") + "\n";
}

/** (a) next to (a″), bff-web as the image runs it, at every concurrency both ran. */
function productionSection(results: BenchResults): string[] {
  if (results.productionNodeOptions === undefined) return [];
  const lines = [
    "",
    `| production settings (${results.productionBuilt ? "built release" : "from source"}, NODE_OPTIONS=\`${results.productionNodeOptions}\`) | concurrency | (a) ops/s | (a″) ops/s | (a) CPU ms/op | (a″) CPU ms/op | (a″) ÷ (a) CPU |`,
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const concurrency of results.settings.concurrencies) {
    const dev = figureOf(results, "bff", concurrency);
    const prod = figureOf(results, "bffProduction", concurrency);
    if (dev === undefined || prod === undefined) continue;
    lines.push(
      `| | ${concurrency} | ${fmt(dev.opsPerSecond)} | ${fmt(prod.opsPerSecond)} | ${fmt(dev.gatewayCpuMsPerOp, 2)} | ${fmt(prod.gatewayCpuMsPerOp, 2)} | ` +
        `${fmt(ratioOf(prod.gatewayCpuMsPerOp, dev.gatewayCpuMsPerOp), 2)} |`,
    );
  }
  lines.push("", `Peak RSS: (a) ${fmt(results.peakRssMb.bff)} MiB, (a″) ${fmt(results.peakRssMb.bffProduction)} MiB.`);
  return lines;
}

/** (a) next to (a′) when both ran, then the ratios of issue 14 (concurrency 16). */
function readMaskSection(results: BenchResults): string[] {
  const masks = readMaskFigures(results);
  const on = figureOf(results, "bff", masks.concurrency);
  const off = figureOf(results, "bffNoMasks", masks.concurrency);
  const lines: string[] = [];
  if (on !== undefined && off !== undefined) {
    const row = (name: string, value: (s: PeerSummary) => number | null, digits: number) =>
      `| ${name} | ${fmt(value(on), digits)} | ${fmt(value(off), digits)} | ${fmt(ratioOf(value(on), value(off)), 2)} |`;
    lines.push(
      "",
      `| read masks (concurrency ${masks.concurrency}) | ${PEER_LABELS.bff} | ${PEER_LABELS.bffNoMasks} | (a) ÷ (a′) |`,
      "|---|---:|---:|---:|",
      row("ops/s", (s) => s.opsPerSecond, 1),
      row("gateway CPU ms/op", (s) => s.gatewayCpuMsPerOp, 2),
      row("services CPU ms/op", (s) => s.servicesCpuMsPerOp, 2),
      row("service bytes/op", (s) => s.serviceBytesPerOp, 0),
    );
  }
  const ratio = (value: number | null) => (value === null ? "n/a" : value.toFixed(2));
  lines.push(
    "",
    `Ratios (concurrency ${masks.concurrency}): ops/s bff-web ÷ Mesh ${ratio(masks.bffOverMeshOps)}, bff-web ÷ raw ${ratio(masks.bffOverRawOps)}; ` +
      `services CPU per op (a) ÷ (a′) ${ratio(masks.servicesCpuMasksOnOverOff)}, service bytes per op (a) ÷ (a′) ${ratio(masks.serviceBytesMasksOnOverOff)}; ` +
      `bff-mobile home ${fmt(masks.mobileServiceBytesPerOp, 0)} service bytes/op.`,
  );
  return lines;
}
