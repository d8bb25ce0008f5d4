import { METRIC_NAMES, Metrics, type OperationOutcome } from "@shop/grpc-runtime";
import type { SeriesCatalog } from "./promql-checks.js";

/**
 * What a Prometheus scraping our processes holds, read from the code itself: one real `Metrics`
 * (the registry every process serves on /metrics, prom-client's default process metrics
 * included), each family's type and label names, and the values of the labels the code bounds, as
 * the instruments write them. Nothing here lists a metric by hand.
 */

/** Labels Prometheus adds to every scraped series, in every scrape setup of deploy/observability. */
export const TARGET_LABELS: readonly string[] = ["job", "instance"];

/** Every GraphQL operation outcome; the compiler holds the list to the type, both ways. */
export const OPERATION_OUTCOMES = ["ok", "partial", "error"] as const satisfies readonly OperationOutcome[];
/** Fails to compile when `OperationOutcome` gains a value the list above lacks. */
const everyOutcomeListed: [Exclude<OperationOutcome, (typeof OPERATION_OUTCOMES)[number]>] extends [never] ? true : never = true;
void everyOutcomeListed;

/** gRPC status codes are 0 (OK) to 16 (UNAUTHENTICATED). */
const GRPC_CODES = Array.from({ length: 17 }, (_, code) => code);

export interface MetricFamily {
  readonly name: string;
  readonly type: "counter" | "gauge" | "histogram" | "summary";
  /** The labels the code gives it (without target labels). */
  readonly labelNames: readonly string[];
}

export interface ExportedMetrics extends SeriesCatalog {
  readonly families: ReadonlyMap<string, MetricFamily>;
  /** The family a series name belongs to (`x_bucket` → `x` for a histogram). */
  familyOf(seriesName: string): string | undefined;
  /** The registry the catalog was read from, after one observation in every instrument. */
  readonly exercised: Metrics;
}

/** The series names one family yields in the text format. */
export function seriesNamesOf(family: MetricFamily): { name: string; extraLabels: string[] }[] {
  switch (family.type) {
    case "histogram":
      return [{ name: `${family.name}_bucket`, extraLabels: ["le"] }, { name: `${family.name}_sum`, extraLabels: [] }, { name: `${family.name}_count`, extraLabels: [] }];
    case "summary":
      return [{ name: family.name, extraLabels: ["quantile"] }, { name: `${family.name}_sum`, extraLabels: [] }, { name: `${family.name}_count`, extraLabels: [] }];
    default:
      return [{ name: family.name, extraLabels: [] }];
  }
}

/** Records one value in every instrument `Metrics` offers, with every gRPC code and outcome, so each family has series to read. */
export function exerciseEveryInstrument(metrics: Metrics): void {
  for (const side of ["server", "client"] as const) {
    const method = metrics.rpcMethod(side, "shop.catalog.v1.CatalogService", "BatchGetProducts");
    for (const code of GRPC_CODES) method.record(code, 0.002);
  }
  const client = metrics.rpcMethod("client", "shop.catalog.v1.CatalogService", "BatchGetProducts");
  for (const code of GRPC_CODES) client.retried(code);
  metrics.breakerRejected("shop.catalog.v1.CatalogService");
  for (const outcome of OPERATION_OUTCOMES) metrics.operation("homePage", "query", outcome, 0.02, 3);
  const loader = metrics.loader("products");
  loader.batch(5);
  loader.load(true);
  loader.load(false);
  metrics.query("SELECT", "products", 0.001);
  metrics.watchPool(() => ({ inUse: 1, idle: 2, waiting: 0, max: 10 }));
}

/** One series line of the Prometheus text format: its name and labels (comments and blank lines give undefined). */
export function parseSeriesLine(line: string): { name: string; labels: Record<string, string> } | undefined {
  if (line.startsWith("#") || line.trim() === "") return undefined;
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+(?:\s+\d+)?$/.exec(line);
  if (match === null) throw new Error(`not a Prometheus text-format series line: ${line}`);
  const labels: Record<string, string> = {};
  for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = JSON.parse(`"${pair[2]!}"`) as string;
  return { name: match[1]!, labels };
}

/** Builds the catalog from a fresh `Metrics` (see the file comment). */
export async function exportedMetrics(): Promise<ExportedMetrics> {
  const metrics = new Metrics();
  exerciseEveryInstrument(metrics);
  const families = new Map<string, MetricFamily>();
  for (const { name, type } of await metrics.registry.getMetricsAsJSON()) {
    // prom-client keeps each metric's declared label names on the metric object (not in its typings).
    const labelNames = (metrics.registry.getSingleMetric(name) as { labelNames?: unknown } | undefined)?.labelNames;
    if (!Array.isArray(labelNames)) throw new Error(`prom-client metric ${name} carries no labelNames array`);
    families.set(name, { name, type: String(type) as MetricFamily["type"], labelNames: labelNames.map(String) });
  }
  const series = new Map<string, ReadonlySet<string>>();
  const family = new Map<string, string>();
  for (const metric of families.values()) {
    for (const { name, extraLabels } of seriesNamesOf(metric)) {
      series.set(name, new Set([...metric.labelNames, ...extraLabels, ...TARGET_LABELS]));
      family.set(name, metric.name);
    }
  }
  const labelValues = new Map<string, Set<string>>();
  const bounded = ["grpc_code", "outcome", "state"];
  for (const line of (await metrics.text()).split("\n")) {
    const parsed = parseSeriesLine(line);
    if (parsed === undefined || !parsed.name.startsWith("shop_")) continue;
    for (const label of bounded) {
      const value = parsed.labels[label];
      if (value !== undefined) labelValues.set(label, (labelValues.get(label) ?? new Set()).add(value));
    }
  }
  for (const label of bounded) if (!labelValues.has(label)) throw new Error(`no series of the exercised registry carries ${label}`);
  return { families, series, labelValues, familyOf: (name) => family.get(name), exercised: metrics };
}

/** The families the code defines itself (METRIC_NAMES), as opposed to prom-client's default process metrics. */
export const SHOP_METRIC_NAMES: readonly string[] = Object.values(METRIC_NAMES);
