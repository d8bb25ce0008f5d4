/**
 * The tracing settings of the benchmark's processes: every one is configured only through the
 * standard `OTEL_*` variables, as in production.
 */

/**
 * `OTEL_BSP_SCHEDULE_DELAY` of every traced process, ms. Shorter than the SDK's 5 s default so
 * that a run's last spans reach the sink soon after it (the bench waits for them before the next
 * reading); under load the batches fill up to 512 spans well before either delay.
 */
export const TRACE_EXPORT_DELAY_MS = 1_000;

/** The traced bff-web peers and the share of new traces each records (`OTEL_TRACES_SAMPLER_ARG`). */
export const TRACED_PEER_RATIOS = { bffTrace01: 0.1, bffTrace1: 1 } as const;
export type TracedPeerKey = keyof typeof TRACED_PEER_RATIOS;
export const TRACED_PEER_KEYS = Object.keys(TRACED_PEER_RATIOS) as TracedPeerKey[];

/**
 * The environment of a bff-web that starts a trace per operation and records `ratio` of them
 * (parent-based, so an incoming sampled `traceparent` is still honoured), exported to `endpoint`.
 */
export function tracedBffEnv(endpoint: string, ratio: number): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: String(ratio),
    OTEL_BSP_SCHEDULE_DELAY: String(TRACE_EXPORT_DELAY_MS),
  };
}

/**
 * The environment of the domain services when traced peers run: they record exactly the traces a
 * caller sampled and start none of their own (`parentbased_always_off`). The services are shared
 * by every peer; the peers without tracing (naive, Mesh, raw) send no sampled `traceparent`, so
 * their calls cost the services no recorded spans, just as unsampled operations in production.
 */
export function serviceTracingEnv(endpoint: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_TRACES_SAMPLER: "parentbased_always_off",
    OTEL_BSP_SCHEDULE_DELAY: String(TRACE_EXPORT_DELAY_MS),
  };
}
