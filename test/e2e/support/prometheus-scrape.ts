import parsePrometheusTextFormat from "parse-prometheus-text-format";
import type { PrometheusFamily, PrometheusSample } from "parse-prometheus-text-format";

/** Labels a sample must carry (others may be there too). */
export type LabelMatch = Readonly<Record<string, string>>;

/**
 * The metrics of one `/metrics` answer, parsed by a Prometheus text-format parser
 * (parse-prometheus-text-format). Families keep their `# TYPE` and `# HELP`; samples are looked up
 * by series name (`x_total`, `x_bucket`, `x_count`, …) and labels.
 */
export class MetricsScrape {
  readonly #families: ReadonlyMap<string, PrometheusFamily>;
  readonly #series: ReadonlyMap<string, readonly PrometheusSample[]>;

  constructor(families: readonly PrometheusFamily[], series: readonly PrometheusFamily[]) {
    const byName = new Map<string, PrometheusFamily>();
    for (const family of families) {
      if (byName.has(family.name)) throw new Error(`metric family ${family.name} appears twice`);
      byName.set(family.name, family);
    }
    this.#families = byName;
    const samples = new Map<string, PrometheusSample[]>();
    for (const family of series) samples.set(family.name, [...(samples.get(family.name) ?? []), ...family.metrics]);
    this.#series = samples;
  }

  /** Every family name. */
  names(): string[] {
    return [...this.#families.keys()];
  }

  /** The family (its type, help and samples), or undefined when the process does not export it. */
  family(name: string): PrometheusFamily | undefined {
    return this.#families.get(name);
  }

  /** The samples of the series `name` whose labels include `match`. */
  samples(name: string, match: LabelMatch = {}): PrometheusSample[] {
    return (this.#series.get(name) ?? []).filter((sample) => matches(sample, match));
  }

  /** Sum of the values of the samples of series `name` that match (0 when none does). */
  value(name: string, match: LabelMatch = {}): number {
    return this.samples(name, match).reduce((total, sample) => total + numberOf(sample.value, name), 0);
  }

  /** `_count` and `_sum` of the histogram `name`'s series that match, added up. */
  histogram(name: string, match: LabelMatch = {}): { readonly count: number; readonly sum: number } {
    if (this.#families.get(name)?.type !== "HISTOGRAM") throw new Error(`${name} is not a histogram here`);
    return { count: this.value(`${name}_count`, match), sum: this.value(`${name}_sum`, match) };
  }

  /** Every label set of the series whose name passes `names`, with the series name. */
  labelSets(names: (name: string) => boolean = () => true): { readonly series: string; readonly labels: LabelMatch }[] {
    const sets: { series: string; labels: LabelMatch }[] = [];
    for (const [series, samples] of this.#series) {
      if (!names(series)) continue;
      for (const sample of samples) sets.push({ series, labels: sample.labels ?? {} });
    }
    return sets;
  }

  /** Every value `label` takes in the series whose name passes `names`. */
  labelValues(label: string, names: (name: string) => boolean = () => true): Set<string> {
    const values = new Set<string>();
    for (const { labels } of this.labelSets(names)) if (labels[label] !== undefined) values.add(labels[label]);
    return values;
  }
}

/** Parses one Prometheus text exposition (format 0.0.4); throws on a line the parser cannot read. */
export function parseMetricsText(text: string): MetricsScrape {
  const families = parsePrometheusTextFormat(text);
  // The parser folds every series of a histogram or summary into one (it expects no label besides
  // `le`/`quantile`), which loses labelled ones such as a duration per RPC method. Read their
  // `_bucket`, `_count` and `_sum` series as plain samples instead, with the same parser.
  const series = parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) (?:histogram|summary)$/gm, "# TYPE $1 untyped"));
  return new MetricsScrape(families, series);
}

/** GETs a `/metrics` URL and parses it; fails unless it answers 200 in the Prometheus text format. */
export async function scrapeMetrics(url: string): Promise<MetricsScrape> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("text/plain") || !type.includes("version=0.0.4")) throw new Error(`GET ${url}: content-type ${type}, expected the Prometheus text format 0.0.4`);
  return parseMetricsText(text);
}

function matches(sample: PrometheusSample, match: LabelMatch): boolean {
  for (const [key, value] of Object.entries(match)) if (sample.labels?.[key] !== value) return false;
  return true;
}

/** A sample value as the text format writes it: a float, or +Inf, -Inf, NaN. */
function numberOf(raw: string | undefined, what: string): number {
  if (raw === "+Inf") return Number.POSITIVE_INFINITY;
  if (raw === "-Inf") return Number.NEGATIVE_INFINITY;
  if (raw === "NaN") return Number.NaN;
  const value = Number(raw);
  if (raw === undefined || raw.trim() === "" || Number.isNaN(value)) throw new Error(`${what}: "${raw}" is not a number`);
  return value;
}
