import { describe, expect, it } from "vitest";
import { baselineOf, formatChange, pairedChange, parseTrusts, variantLabel, variantsOf } from "./cpu-variants.js";

describe("parseTrusts", () => {
  it("when plaintext and mtls are listed, then both are kept in the order given", () => {
    expect(parseTrusts("plaintext,mtls")).toEqual(["plaintext", "mtls"]);
    expect(parseTrusts(" mtls ")).toEqual(["mtls"]);
  });

  it("when a name is unknown or repeated, then it is refused naming it", () => {
    expect(() => parseTrusts("mtls,tls")).toThrow('--trust: plaintext or mtls, not "tls"');
    expect(() => parseTrusts("in-process")).toThrow(/not "in-process"/);
    expect(() => parseTrusts("mtls,mtls")).toThrow('"mtls" is named twice');
  });
});

describe("variantsOf", () => {
  it("when the transport is grpc, then every trust is crossed with every tracing setting", () => {
    expect(variantsOf("grpc", ["off", 0.1], ["plaintext", "mtls"])).toEqual([
      { tracing: "off", trust: "plaintext" },
      { tracing: 0.1, trust: "plaintext" },
      { tracing: "off", trust: "mtls" },
      { tracing: 0.1, trust: "mtls" },
    ]);
  });

  it("when the transport is memory, then only bff-web without tracing runs, in process, whatever trust was asked", () => {
    expect(variantsOf("memory", ["off", 1], ["mtls"])).toEqual([{ tracing: "off", trust: "in-process" }]);
    expect(variantsOf("memory", [0.1], ["plaintext", "mtls"])).toEqual([]);
  });
});

describe("baselineOf", () => {
  it("when tracing is on, then its cost is read against tracing off with the same trust", () => {
    expect(baselineOf({ tracing: 0.1, trust: "mtls" }, "tracing")).toEqual({ tracing: "off", trust: "mtls" });
    expect(baselineOf({ tracing: "off", trust: "mtls" }, "tracing")).toBeUndefined();
  });

  it("when the trust is mtls, then its cost is read against plaintext with the same tracing; other trusts have none", () => {
    expect(baselineOf({ tracing: 1, trust: "mtls" }, "trust")).toEqual({ tracing: 1, trust: "plaintext" });
    expect(baselineOf({ tracing: 1, trust: "plaintext" }, "trust")).toBeUndefined();
    expect(baselineOf({ tracing: "off", trust: "in-process" }, "trust")).toBeUndefined();
  });

  it("when a baseline is looked up by label, then it finds the variant measured under that label", () => {
    const measured = new Map([[variantLabel({ tracing: "off", trust: "plaintext" }), [1]]]);
    const baseline = baselineOf({ tracing: "off", trust: "mtls" }, "trust")!;
    expect(measured.get(variantLabel(baseline))).toEqual([1]);
    expect(variantLabel({ tracing: 0.1, trust: "mtls" })).toBe("mtls, tracing 0.1");
  });
});

describe("pairedChange", () => {
  it("when the machine's load moves between rounds, then each round is compared with the baseline's same round", () => {
    // Both sides twice as slow in round 2: paired, mTLS costs +10 % every round.
    const change = pairedChange([110, 220, 110], [100, 200, 100])!;
    expect(change.median).toBeCloseTo(0.1, 10);
    expect(change.min).toBeCloseTo(0.1, 10);
    expect(change.max).toBeCloseTo(0.1, 10);
  });

  it("when rounds disagree, then the median of the per-round changes is the figure and their range is kept", () => {
    const change = pairedChange([105, 150, 90], [100, 100, 100])!;
    expect(change.median).toBeCloseTo(0.05, 10);
    expect(change.min).toBeCloseTo(-0.1, 10);
    expect(change.max).toBeCloseTo(0.5, 10);
    expect(pairedChange([120, 100], [100, 100])!.median).toBeCloseTo(0.1, 10);
  });

  it("when there is no baseline, its rounds differ in number or one of its readings is not positive, then there is no change", () => {
    expect(pairedChange([1, 2], undefined)).toBeNull();
    expect(pairedChange([1, 2], [1])).toBeNull();
    expect(pairedChange([], [])).toBeNull();
    expect(pairedChange([1, 2], [1, 0])).toBeNull();
  });
});

describe("formatChange", () => {
  it("when a change is given, then its median is printed signed in percent with one decimal; none prints nothing", () => {
    expect(formatChange({ median: 0.0624, min: 0, max: 0.1 })).toBe("+6.2 %");
    expect(formatChange({ median: -0.01, min: -0.01, max: -0.01 })).toBe("−1.0 %");
    expect(formatChange({ median: 0, min: 0, max: 0 })).toBe("+0.0 %");
    expect(formatChange(null)).toBe("");
  });

  it("when the range is asked for, then the per-round minimum and maximum follow the median", () => {
    expect(formatChange({ median: 0.028, min: -0.031, max: 0.095 }, true)).toBe("+2.8 % (−3.1 … +9.5)");
  });
});
