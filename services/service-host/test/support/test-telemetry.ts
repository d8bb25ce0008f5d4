import { createTelemetry, type Metrics, type Telemetry, type TelemetrySettings } from "@shop/grpc-runtime";
import { spanCollector, type FinishedSpan as ReadableSpan } from "@shop/grpc-runtime/testing";

/** The spans a test telemetry exported so far (kept across its shutdown, so a test sees what shutdown flushed). */
export interface KeptSpans {
  getFinishedSpans(): ReadableSpan[];
}

/** Telemetry as a process would have it, with its spans kept in memory. */
export interface TestTelemetry {
  readonly telemetry: Telemetry;
  readonly exporter: KeptSpans;
  /** Waits until the finished spans satisfy `ready` (the batch processor exports on a timer), then returns them all. */
  spans(ready?: (spans: readonly ReadableSpan[]) => boolean, timeoutMs?: number): Promise<ReadableSpan[]>;
}

/**
 * Telemetry that traces every new trace into memory (exported every `exportDelayMs`) and serves
 * `/metrics` on a free loopback port once asked, named `serviceName`. Tracing off: `tracing: false`.
 */
export function createTestTelemetry(
  serviceName: string,
  options: { readonly tracing?: boolean; readonly exportDelayMs?: number; readonly sampler?: TelemetrySettings["sampler"]; readonly samplerArg?: number } = {},
): TestTelemetry {
  const collected = spanCollector();
  const exporter: KeptSpans = { getFinishedSpans: () => collected.spans };
  const settings: TelemetrySettings = {
    metricsPort: 0,
    metricsHost: "127.0.0.1",
    serviceName,
    sampler: options.sampler ?? "parentbased_always_on",
    samplerArg: options.samplerArg ?? 1,
    sdkDisabled: false,
    exportDelayMs: options.exportDelayMs ?? 20,
  };
  const telemetry = createTelemetry(options.tracing === false ? { settings } : { settings, exporter: collected.exporter });
  return {
    telemetry,
    exporter,
    async spans(ready = () => true, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const spans = exporter.getFinishedSpans();
        if (ready(spans)) return [...spans];
        if (Date.now() > until) throw new Error(`spans not as expected after ${timeoutMs} ms: ${spans.map((s) => s.name).join(", ") || "none"}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** Labels a sample must carry (it may carry others). */
export type LabelMatch = Readonly<Record<string, string>>;

/**
 * The value of the series `series` (e.g. `shop_rpc_server_requests_total`, or a histogram's
 * `…_count`) summed over the samples whose labels include `match`, as the registry reports it.
 */
export async function metricValue(metrics: Metrics, series: string, match: LabelMatch = {}): Promise<number> {
  // A histogram's series (`…_count`, `…_sum`, `…_bucket`) are samples of the family they end.
  const family = metrics.registry.getSingleMetric(series) === undefined ? series.replace(/_(count|sum|bucket)$/, "") : series;
  const metric = metrics.registry.getSingleMetric(family);
  if (metric === undefined) throw new Error(`no metric ${series}`);
  const { values } = await metric.get();
  let total = 0;
  for (const sample of values) {
    const name = (sample as { metricName?: string }).metricName ?? family;
    if (name !== series) continue;
    const labels = sample.labels as Record<string, string | number | undefined>;
    if (Object.entries(match).every(([key, value]) => String(labels[key]) === value)) total += sample.value;
  }
  return total;
}

/** The spans of one trace. */
export function spansOfTrace(spans: readonly ReadableSpan[], traceId: string): ReadableSpan[] {
  return spans.filter((span) => span.spanContext().traceId === traceId);
}

/** The span id of a span's parent, or undefined for a root span. */
export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
