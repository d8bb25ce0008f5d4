/** Resident set size of every measured process at one moment of a soak run. */
export interface RssSample {
  /** Seconds since the load started. */
  readonly atS: number;
  /** MiB per process name. */
  readonly rssMb: Readonly<Record<string, number>>;
}

/** How one process's memory moved after the warm-up. */
export interface RssGrowth {
  /** Median RSS over the minute after the warm-up, MiB. */
  readonly baselineMb: number;
  /** Median RSS over the last minute, MiB. */
  readonly endMb: number;
  /** Highest RSS sampled from the warm-up on, MiB. */
  readonly maxMb: number;
  /** (end − baseline) ÷ baseline, in per cent, one decimal. */
  readonly growthPct: number;
}

const WINDOW_S = 60;

/**
 * Growth per process: the median RSS over the last minute against the median over the minute
 * after `warmupS`. The first minute is left out on purpose (caches, JIT code and the seed's
 * garbage settle there), and medians of windows rather than single samples keep one sample taken
 * at the top of a garbage-collection sawtooth from reading as growth. Throws when fewer than two
 * samples come after the warm-up (the run was too short to say anything).
 */
export function rssGrowth(samples: readonly RssSample[], warmupS: number): Record<string, RssGrowth> {
  const measured = samples.filter((s) => s.atS >= warmupS);
  if (measured.length < 2) {
    throw new Error(`a growth needs at least two samples from ${warmupS} s on; got ${samples.length} samples in all`);
  }
  const lastAtS = measured[measured.length - 1]!.atS;
  const first = measured.filter((s) => s.atS < warmupS + WINDOW_S);
  const last = measured.filter((s) => s.atS > lastAtS - WINDOW_S);
  const growth: Record<string, RssGrowth> = {};
  for (const name of Object.keys(measured[0]!.rssMb)) {
    const of = (window: readonly RssSample[]) => window.map((s) => s.rssMb[name] ?? Number.NaN);
    const baselineMb = median(of(first));
    const endMb = median(of(last));
    growth[name] = { baselineMb, endMb, maxMb: Math.max(...of(measured)), growthPct: Math.round(((endMb - baselineMb) / baselineMb) * 1000) / 10 };
  }
  return growth;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
