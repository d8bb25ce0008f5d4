import type { OperationRecord } from "./shoppers.js";

/** Counts and latencies of some operations, ready to print and to assert on. */
export interface Figures {
  readonly ops: number;
  readonly ok: number;
  readonly partial: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The `q` quantile (0–1) of `values` (nearest rank); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Figures of the records started in [fromMs, toMs) that match `filter`. */
export function figuresOf(
  records: readonly OperationRecord[],
  options: { readonly fromMs?: number; readonly toMs?: number; readonly filter?: (r: OperationRecord) => boolean } = {},
): Figures {
  const chosen = records.filter(
    (r) => r.startMs >= (options.fromMs ?? 0) && r.startMs < (options.toMs ?? Number.POSITIVE_INFINITY) && (options.filter?.(r) ?? true),
  );
  const ms = chosen.map((r) => r.ms);
  return {
    ops: chosen.length,
    ok: chosen.filter((r) => r.outcome === "ok").length,
    partial: chosen.filter((r) => r.outcome === "partial").length,
    failed: chosen.filter((r) => r.outcome === "failed").length,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    max: ms.reduce((a, b) => Math.max(a, b), 0),
  };
}

/** One line for the test output: "label: 512 ops (510 ok, 2 partial, 0 failed), p50 12.3 ms, p99 45.6 ms, max 80.1 ms". */
export function describeFigures(label: string, f: Figures): string {
  return `${label}: ${f.ops} ops (${f.ok} ok, ${f.partial} partial, ${f.failed} failed), p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`;
}

/** The records that are not "ok" (the first `limit`), one line each, for a failure message. */
export function notOk(records: readonly OperationRecord[], limit = 20): string {
  const bad = records.filter((r) => r.outcome !== "ok");
  const lines = bad.slice(0, limit).map((r) => `${r.kind} via ${r.bff} at ${(r.startMs / 1000).toFixed(2)} s took ${r.ms.toFixed(0)} ms: ${r.outcome} ${r.detail ?? ""}`);
  return `${bad.length} not ok:\n${lines.join("\n")}`;
}
