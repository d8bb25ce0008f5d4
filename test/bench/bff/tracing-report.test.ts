import { describe, expect, it } from "vitest";
import type { RunFigures } from "./measure.js";
import { summarise, type BenchResults } from "./report.js";
import { pairedChange, tracingLine, tracingOverheads, tracingSection } from "./tracing-report.js";

/** One measured run; only the fields the tracing report reads matter. */
function run(peer: RunFigures["peer"], concurrency: number, round: number, gatewayCpuMsPerOp: number | null, servicesCpuMsPerOp: number, opsPerSecond: number, spans?: [number, number]): RunFigures {
  return {
    peer,
    concurrency,
    round,
    opsPerSecond,
    p50Ms: 50,
    p99Ms: 100,
    rpcsPerOp: 4,
    gatewayCpuMsPerOp,
    servicesCpuMsPerOp,
    serviceBytesPerOp: 9_000,
    clientCpuMsPerOp: 0.5,
    errors: 0,
    methods: {},
    ...(spans === undefined ? {} : { tracing: { gatewaySpansPerOp: spans[0], serviceSpansPerOp: spans[1], exportsPerOp: 0.02, exportBytesPerOp: 500 * spans[0] } }),
  };
}

function results(runs: readonly RunFigures[], concurrencies: readonly number[]): BenchResults {
  return {
    bench: "bff",
    db: "postgres",
    startedAt: "2026-12-07T00:00:00.000Z",
    machine: { node: "v20.20.2", cpus: 2, loadAverageAtStart: [1, 1, 1] },
    settings: { durationS: 8, warmupS: 2, rounds: 3, concurrencies },
    summary: summarise(runs),
    runs,
    peakRssMb: {},
    bytes: {},
    failures: {},
  };
}

describe("pairedChange", () => {
  it("when the machine's load moves between rounds, then each round's traced run is compared with (a)'s of the same round", () => {
    // (a) and (t1) both slow in round 2: paired, the change stays +10 % every round.
    const runs = [
      run("bff", 16, 1, 2.0, 3.0, 200),
      run("bffTrace1", 16, 1, 2.2, 3.0, 190),
      run("bff", 16, 2, 4.0, 6.0, 100),
      run("bffTrace1", 16, 2, 4.4, 6.6, 95),
      run("bff", 16, 3, 2.0, 3.0, 200),
      run("bffTrace1", 16, 3, 2.2, 3.3, 190),
    ];
    const change = pairedChange(runs, "bffTrace1", 16, (r) => r.gatewayCpuMsPerOp)!;
    expect(change.rounds).toBe(3);
    expect(change.median).toBeCloseTo(0.1, 10);
    expect(change.min).toBeCloseTo(0.1, 10);
    expect(change.max).toBeCloseTo(0.1, 10);
    const services = pairedChange(runs, "bffTrace1", 16, (r) => r.servicesCpuMsPerOp)!;
    expect([services.median, services.min, services.max].map((v) => Math.round(v * 1000) / 1000)).toEqual([0.1, 0, 0.1]);
  });

  it("when (a) has no run in a traced run's round, then that round is left out; with none at all there is no change", () => {
    const runs = [run("bff", 16, 1, 2.0, 3.0, 200), run("bffTrace01", 16, 1, 2.1, 3.0, 200), run("bffTrace01", 16, 2, 9.0, 3.0, 200)];
    expect(pairedChange(runs, "bffTrace01", 16, (r) => r.gatewayCpuMsPerOp)).toMatchObject({ rounds: 1 });
    expect(pairedChange(runs, "bffTrace01", 64, (r) => r.gatewayCpuMsPerOp)).toBeNull();
  });
});

describe("tracingOverheads", () => {
  it("when (a) and both traced peers ran, then each is judged on its median per-round change against its own target", () => {
    const overheads = tracingOverheads(
      results(
        [
          run("bff", 16, 1, 2.0, 3.0, 200, [0, 0]),
          run("bffTrace01", 16, 1, 2.1, 3.0, 196, [0.9, 1.1]),
          run("bffTrace1", 16, 1, 2.6, 3.3, 170, [9, 11]),
          run("bff", 64, 1, 1.6, 2.8, 240, [0, 0]),
          run("bffTrace01", 64, 1, 1.8, 2.8, 230, [0.9, 1.1]),
        ],
        [16, 64],
      ),
    );
    expect(overheads.map((o) => [o.peer, o.concurrency, o.samplingRatio, o.target, o.met])).toEqual([
      ["bffTrace01", 16, 0.1, 0.1, true],
      ["bffTrace1", 16, 1, 0.25, false],
      ["bffTrace01", 64, 0.1, 0.1, false],
    ]);
    expect(overheads[0]!.gatewayCpuOverhead!.median).toBeCloseTo(0.05, 10);
    expect(overheads[1]!.gatewayCpuOverhead!.median).toBeCloseTo(0.3, 10);
    expect(overheads[1]!.servicesCpuOverhead!.median).toBeCloseTo(0.1, 10);
    expect(overheads[1]!.opsRatio).toBeCloseTo(0.85, 10);
    expect(overheads[2]!.gatewayCpuOverhead!.median).toBeCloseTo(0.125, 10);
  });

  it("when (a) did not run at a concurrency, then the traced peers there have no overhead", () => {
    expect(tracingOverheads(results([run("bffTrace1", 16, 1, 2.6, 3.3, 170)], [16]))).toEqual([]);
  });

  it("when a traced peer has no CPU reading, then its overhead and verdict are null", () => {
    const [overhead] = tracingOverheads(results([run("bff", 16, 1, 2.0, 3.0, 200), run("bffTrace01", 16, 1, null, 3.0, 200)], [16]));
    expect(overhead).toMatchObject({ gatewayCpuOverhead: null, met: null });
  });
});

describe("tracingSection and tracingLine", () => {
  const both = results(
    [
      run("bff", 16, 1, 2.0, 3.0, 200, [0, 0]),
      run("bffTrace01", 16, 1, 1.9, 3.0, 201, [0.82, 1.04]),
      run("bffTrace1", 16, 1, 2.5, 3.6, 180, [8.2, 10.4]),
      run("bff", 16, 2, 2.0, 3.0, 200, [0, 0]),
      run("bffTrace01", 16, 2, 2.1, 3.0, 199, [0.78, 1.0]),
      run("bffTrace1", 16, 2, 2.4, 3.6, 182, [8.2, 10.4]),
    ],
    [16],
  );

  it("when traced peers ran, then the table shows the medians, the signed per-round changes with their range, spans per operation and the verdicts", () => {
    const text = tracingSection(both).join("\n");
    expect(text).toContain("| (a) bff-web, tracing off | 16 | 200.0 | 2.00 | | 3.00 | | 0.00 + 0.00 |");
    expect(text).toContain("| (t0.1) bff-web, tracing 0.1 | 16 | 200.0 | 2.00 | +0.0 % (−5.0 … +5.0 %) | 3.00 | +0.0 % (+0.0 … +0.0 %) | 0.80 + 1.02 |");
    expect(text).toContain("| (t1) bff-web, tracing 1.0 | 16 | 181.0 | 2.45 | +22.5 % (+20.0 … +25.0 %) | 3.60 | +20.0 % (+20.0 … +20.0 %) | 8.20 + 10.40 |");
    expect(text).toContain("| (t1) bff-web, tracing 1.0 | 16 | ≤ +25 % | +22.5 % | yes |");
    expect(text).toContain("| (t0.1) bff-web, tracing 0.1 | 16 | ≤ +10 % | +0.0 % | yes |");
  });

  it("when traced peers ran, then the JSON figures carry the overhead in percent and the spans", () => {
    expect(tracingLine(both, 16)).toMatchObject({
      bffTrace01: { sampling_ratio: 0.1, gateway_cpu_overhead_pct: { median: 0, min: -5, max: 5 }, gateway_spans_per_op: 0.8, service_spans_per_op: 1.02, met: true },
      bffTrace1: { sampling_ratio: 1, gateway_cpu_overhead_pct: { median: 22.5 }, services_cpu_overhead_pct: { median: 20 }, ops_ratio: 0.905, target_pct: 25, met: true },
    });
  });

  it("when no traced peer ran, then there is no section and no JSON figures", () => {
    const plain = results([run("bff", 16, 1, 2.0, 3.0, 200)], [16]);
    expect(tracingSection(plain)).toEqual([]);
    expect(tracingLine(plain, 16)).toBeUndefined();
  });
});
