import type { RunFigures } from "./measure.js";
import { fmt, median, ratioOf } from "./numbers.js";
import { PEER_LABELS } from "./peers.js";
import type { BenchResults, PeerSummary } from "./report.js";
import { TRACED_PEER_KEYS, TRACED_PEER_RATIOS, type TracedPeerKey } from "./tracing-settings.js";

/**
 * Issue 11's ceilings on what tracing may add to bff-web's CPU per operation, as a share of
 * bff-web's with tracing off: 10 % when 1 in 10 operations is recorded, 25 % when all are.
 */
export const TRACING_OVERHEAD_TARGETS: Record<TracedPeerKey, number> = { bffTrace01: 0.1, bffTrace1: 0.25 };

/** A change against (a) over the rounds: the median of the per-round changes, and their range. */
export interface PairedChange {
  /** Median over the rounds of (traced ÷ (a) in that round) − 1: 0.07 = 7 % more. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Rounds in which both ran. */
  readonly rounds: number;
}

/** One traced bff-web against (a), bff-web with tracing off, at one concurrency. */
export interface TracingOverhead {
  readonly peer: TracedPeerKey;
  readonly concurrency: number;
  /** Share of operations recorded (OTEL_TRACES_SAMPLER_ARG). */
  readonly samplingRatio: number;
  /**
   * bff-web's CPU per operation against (a)'s, paired by round: a traced peer and (a) run minutes
   * apart at most within one round, so the per-round ratio is steadier on a shared machine than
   * the ratio of the medians. Null when they never ran in the same round.
   */
  readonly gatewayCpuOverhead: PairedChange | null;
  /** The services' CPU per operation against theirs during (a)'s runs, paired the same way. */
  readonly servicesCpuOverhead: PairedChange | null;
  /** ops/s, traced ÷ (a). */
  readonly opsRatio: number | null;
  /** The ceiling for the median of {@link gatewayCpuOverhead}. */
  readonly target: number;
  /** Whether the overhead stayed within the target; null when it could not be measured. */
  readonly met: boolean | null;
}

/** The per-round change of `value` of `peer` against (a) at one concurrency, over the rounds where both have a reading. */
export function pairedChange(runs: readonly RunFigures[], peer: TracedPeerKey, concurrency: number, value: (run: RunFigures) => number | null): PairedChange | null {
  const changes: number[] = [];
  for (const traced of runs) {
    if (traced.peer !== peer || traced.concurrency !== concurrency) continue;
    const off = runs.find((r) => r.peer === "bff" && r.concurrency === concurrency && r.round === traced.round);
    const ratio = off === undefined ? null : ratioOf(value(traced), value(off));
    if (ratio !== null) changes.push(ratio - 1);
  }
  if (changes.length === 0) return null;
  return { median: median(changes), min: Math.min(...changes), max: Math.max(...changes), rounds: changes.length };
}

const summaryOf = (results: BenchResults, peer: PeerSummary["peer"], concurrency: number): PeerSummary | undefined =>
  results.summary.find((s) => s.peer === peer && s.concurrency === concurrency);

/** The overhead of every traced peer that ran, at every concurrency where (a) ran too. */
export function tracingOverheads(results: BenchResults): TracingOverhead[] {
  const out: TracingOverhead[] = [];
  for (const concurrency of results.settings.concurrencies) {
    const off = summaryOf(results, "bff", concurrency);
    for (const peer of TRACED_PEER_KEYS) {
      const traced = summaryOf(results, peer, concurrency);
      if (off === undefined || traced === undefined) continue;
      const gatewayCpuOverhead = pairedChange(results.runs, peer, concurrency, (r) => r.gatewayCpuMsPerOp);
      const target = TRACING_OVERHEAD_TARGETS[peer];
      out.push({
        peer,
        concurrency,
        samplingRatio: TRACED_PEER_RATIOS[peer],
        gatewayCpuOverhead,
        servicesCpuOverhead: pairedChange(results.runs, peer, concurrency, (r) => r.servicesCpuMsPerOp),
        opsRatio: ratioOf(traced.opsPerSecond, off.opsPerSecond),
        target,
        met: gatewayCpuOverhead === null ? null : gatewayCpuOverhead.median <= target,
      });
    }
  }
  return out;
}

/** "+7.3 %" / "−2.0 %" / "—". */
function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  const value = share * 100;
  return `${value < 0 ? "−" : "+"}${fmt(Math.abs(value), 1)} %`;
}

/** "+7.3 % (+5.0 … +9.1)", the median change and its range over the rounds. */
function pairedText(change: PairedChange | null): string {
  if (change === null) return "—";
  return change.rounds === 1 ? percent(change.median) : `${percent(change.median)} (${percent(change.min).replace(" %", "")} … ${percent(change.max)})`;
}

/** The Markdown section: (a) and the traced peers side by side, then the overhead against the targets. Empty when no traced peer ran. */
export function tracingSection(results: BenchResults): string[] {
  const overheads = tracingOverheads(results);
  if (overheads.length === 0) return [];
  const lines = [
    "",
    "| tracing (OTLP to the bench's sink) | conc. | ops/s | bff-web CPU ms/op | vs (a), per round: median (range) | services CPU ms/op | vs (a), per round | spans/op bff-web + services | OTLP exports/op | OTLP bytes/op |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const concurrency of results.settings.concurrencies) {
    const off = summaryOf(results, "bff", concurrency);
    if (off === undefined) continue;
    const spans = (s: PeerSummary) => (s.tracing === undefined ? "—" : `${fmt(s.tracing.gatewaySpansPerOp, 2)} + ${fmt(s.tracing.serviceSpansPerOp, 2)}`);
    lines.push(
      `| ${PEER_LABELS.bff}, tracing off | ${concurrency} | ${fmt(off.opsPerSecond)} | ${fmt(off.gatewayCpuMsPerOp, 2)} | | ${fmt(off.servicesCpuMsPerOp, 2)} | | ` +
        `${spans(off)} | ${fmt(off.tracing?.exportsPerOp, 3)} | ${fmt(off.tracing?.exportBytesPerOp, 0)} |`,
    );
    for (const o of overheads.filter((x) => x.concurrency === concurrency)) {
      const s = summaryOf(results, o.peer, concurrency)!;
      lines.push(
        `| ${PEER_LABELS[o.peer]} | ${concurrency} | ${fmt(s.opsPerSecond)} | ${fmt(s.gatewayCpuMsPerOp, 2)} | ${pairedText(o.gatewayCpuOverhead)} | ` +
          `${fmt(s.servicesCpuMsPerOp, 2)} | ${pairedText(o.servicesCpuOverhead)} | ${spans(s)} | ${fmt(s.tracing?.exportsPerOp, 3)} | ${fmt(s.tracing?.exportBytesPerOp, 0)} |`,
      );
    }
  }
  lines.push("", "| target: bff-web CPU per op with tracing ÷ without (median per round) | conc. | wanted | measured | met |", "|---|---:|---|---:|---|");
  for (const o of overheads) {
    lines.push(`| ${PEER_LABELS[o.peer]} | ${o.concurrency} | ≤ +${fmt(o.target * 100, 0)} % | ${percent(o.gatewayCpuOverhead?.median)} | ${o.met === null ? "n/a" : o.met ? "yes" : "**no**"} |`);
  }
  return lines;
}

const rounded = (value: number | null | undefined, digits: number): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** A paired change in percent for the JSON line: median, min, max. */
const pairedPercent = (change: PairedChange | null) =>
  change === null ? null : { median: rounded(change.median * 100, 1), min: rounded(change.min * 100, 1), max: rounded(change.max * 100, 1) };

/** The tracing figures of the JSON line at one concurrency, or undefined when no traced peer ran there. */
export function tracingLine(results: BenchResults, concurrency: number): Record<string, unknown> | undefined {
  const overheads = tracingOverheads(results).filter((o) => o.concurrency === concurrency);
  if (overheads.length === 0) return undefined;
  return Object.fromEntries(
    overheads.map((o) => {
      const s = summaryOf(results, o.peer, concurrency)!;
      return [
        o.peer,
        {
          sampling_ratio: o.samplingRatio,
          gateway_cpu_ms_per_op: rounded(s.gatewayCpuMsPerOp, 3),
          gateway_cpu_overhead_pct: pairedPercent(o.gatewayCpuOverhead),
          services_cpu_overhead_pct: pairedPercent(o.servicesCpuOverhead),
          ops_ratio: rounded(o.opsRatio, 3),
          gateway_spans_per_op: rounded(s.tracing?.gatewaySpansPerOp, 2),
          service_spans_per_op: rounded(s.tracing?.serviceSpansPerOp, 2),
          target_pct: o.target * 100,
          met: o.met,
        },
      ];
    }),
  );
}
