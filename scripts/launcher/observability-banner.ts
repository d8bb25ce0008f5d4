/** What `npm start` prints about observability once the system is up. */
export interface ObservabilityBannerInput {
  /** Each instance's `/metrics` URL, by instance name, in start order. */
  readonly metricsUrls: Readonly<Record<string, string>>;
  /** The OTLP/HTTP base URL the processes export spans to; undefined = tracing off. */
  readonly otlpEndpoint: string | undefined;
  /** Where the endpoint came from: `--otlp`, or the launcher's own environment (inherited by every process). */
  readonly otlpSource: "--otlp" | "OTEL_EXPORTER_OTLP_ENDPOINT";
}

/**
 * The lines that say where each process serves its Prometheus metrics (one line per instance) and
 * where its spans go, indented like the rest of the ready banner.
 */
export function observabilityBanner(input: ObservabilityBannerInput): string[] {
  const names = Object.keys(input.metricsUrls);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const lines = ["  Metrics (Prometheus text, GET):"];
  for (const name of names) lines.push(`    ${name.padEnd(width)}${input.metricsUrls[name]}`);
  if (input.otlpEndpoint === undefined) {
    lines.push("  Traces:             off (npm start -- --otlp http://127.0.0.1:4318 exports them over OTLP/HTTP)");
  } else {
    const spans = `${input.otlpEndpoint.replace(/\/+$/, "")}/v1/traces`;
    lines.push(`  Traces:             every process exports its spans over OTLP/HTTP to ${spans} (${input.otlpSource})`);
  }
  return lines;
}
