import type { Metrics } from "@shop/grpc-runtime";

/**
 * The value of the sample `name` (a counter, or a histogram's `_count`/`_sum`/`_bucket`) whose
 * labels include `labels`, read from the registry (0 when there is none).
 */
export async function metricValue(metrics: Metrics, name: string, labels: Readonly<Record<string, string | number>> = {}): Promise<number> {
  const family = name.replace(/_(count|sum|bucket)$/, "");
  const metric = metrics.registry.getSingleMetric(family) ?? metrics.registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  const sample = values.find(
    (v) => ((v as { metricName?: string }).metricName ?? family) === name && Object.entries(labels).every(([key, value]) => String(v.labels[key]) === String(value)),
  );
  return sample?.value ?? 0;
}
