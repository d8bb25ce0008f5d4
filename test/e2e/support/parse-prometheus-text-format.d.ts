// Types of the npm package parse-prometheus-text-format 1.1.1 (it ships none): the shape its
// README documents, prom2json's.
declare module "parse-prometheus-text-format" {
  namespace parsePrometheusTextFormat {
    /** One sample line (counter, gauge, untyped) or one labelled histogram/summary. */
    interface PrometheusSample {
      readonly labels?: Readonly<Record<string, string>>;
      /** Counters, gauges and untyped samples. */
      readonly value?: string;
      /** Histograms: cumulative counts by `le` bound. */
      readonly buckets?: Readonly<Record<string, string>>;
      /** Summaries: values by quantile. */
      readonly quantiles?: Readonly<Record<string, string>>;
      readonly count?: string;
      readonly sum?: string;
    }
    /** One metric family: its `# HELP`, `# TYPE` and samples. */
    interface PrometheusFamily {
      readonly name: string;
      readonly help: string;
      readonly type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
      readonly metrics: readonly PrometheusSample[];
    }
  }
  /** Parses Prometheus text format 0.0.4; throws on a line it cannot read. */
  function parsePrometheusTextFormat(text: string): parsePrometheusTextFormat.PrometheusFamily[];
  export = parsePrometheusTextFormat;
}
