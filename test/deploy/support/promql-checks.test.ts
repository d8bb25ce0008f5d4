import { describe, expect, it } from "vitest";
import { checkPromql, promqlSyntaxErrors, type SeriesCatalog } from "./promql-checks.js";

// A small catalog in the shape exported-metrics.ts builds: a counter, a histogram's three series, a gauge.
const catalog: SeriesCatalog = {
  series: new Map([
    ["requests_total", new Set(["job", "instance", "method", "code"])],
    ["duration_seconds_bucket", new Set(["job", "instance", "method", "le"])],
    ["duration_seconds_sum", new Set(["job", "instance", "method"])],
    ["duration_seconds_count", new Set(["job", "instance", "method"])],
    ["pool_connections", new Set(["job", "instance", "state"])],
    ["pool_max", new Set(["job", "instance"])],
  ]),
  labelValues: new Map([
    ["code", new Set(["OK", "INTERNAL", "UNAVAILABLE"])],
    ["state", new Set(["in_use", "idle"])],
  ]),
};
const problemsOf = (expr: string): string => checkPromql(expr, catalog).problems.join("\n");

describe("promqlSyntaxErrors", () => {
  it("when an expression is valid PromQL, then it has no syntax error", () => {
    expect(promqlSyntaxErrors('sum by (job) (rate(requests_total{code=~"5.."}[5m])) > 0.1')).toEqual([]);
  });

  it.each([
    ["an unclosed parenthesis", "sum(rate(requests_total[5m])"],
    ["a by clause without parentheses", "sum by job (requests_total)"],
    ["an operator with no right side", "requests_total /"],
    ["an unquoted label value", "requests_total{code=OK}"],
    ["an empty expression", " "],
  ])("when it has %s, then a syntax error is reported", (_, expr) => {
    expect(promqlSyntaxErrors(expr).length).toBeGreaterThan(0);
  });
});

describe("checkPromql", () => {
  it("when every name, label and value is exported, then there is no problem, and the series read and the labels left are reported", () => {
    const check = checkPromql('sum by (job, method) (rate(requests_total{code="INTERNAL"}[5m])) / sum by (job, method) (rate(requests_total[5m]))', catalog);
    expect(check.problems).toEqual([]);
    expect(check.seriesNames).toEqual(["requests_total", "requests_total"]);
    expect(check.value).toEqual({ kind: "vector", labels: new Set(["job", "method"]) });
  });

  it("when a metric name is misspelt, then it is named as not exported", () => {
    expect(problemsOf("rate(request_total[5m])")).toContain("request_total is not a metric the code exports");
  });

  it("when a selector names a label the metric lacks, then the label is named", () => {
    expect(problemsOf('rate(requests_total{status="OK"}[5m])')).toContain("requests_total has no label status");
  });

  it("when a bounded label is given a value the code never writes, then the value is named", () => {
    expect(problemsOf('requests_total{code="ERROR"}')).toContain('code is never "ERROR"');
    expect(problemsOf('requests_total{code=~"INTERNAL|UNAVAILABEL"}')).toContain('code is never "UNAVAILABEL"');
    expect(problemsOf('requests_total{code=~"IN.*"}')).toBe("");
    expect(problemsOf('requests_total{code=~"X.*"}')).toContain("matches none of");
  });

  it("when a by clause names a label the aggregated series do not carry, then it is named", () => {
    expect(problemsOf("sum by (job, status) (rate(requests_total[5m]))")).toContain("sum by names status");
    // Aggregated away below: `sum by (job)` leaves only job.
    expect(problemsOf("max by (method) (sum by (job) (rate(requests_total[5m])))")).toContain("max by names method");
  });

  it("when histogram_quantile is given series without le, then it says to keep le", () => {
    expect(problemsOf("histogram_quantile(0.99, sum by (job) (rate(duration_seconds_bucket[5m])))")).toContain("without le");
    expect(problemsOf("histogram_quantile(0.99, sum by (job, le) (rate(duration_seconds_bucket[5m])))")).toBe("");
    expect(checkPromql("histogram_quantile(0.99, sum by (job, le) (rate(duration_seconds_bucket[5m])))", catalog).value).toEqual({ kind: "vector", labels: new Set(["job"]) });
  });

  it("when rate is given an instant vector, or sum a range, then the missing or extra range is named", () => {
    expect(problemsOf("rate(requests_total)")).toContain("rate() needs a range vector");
    expect(problemsOf("sum(requests_total[5m])")).toContain("sum() aggregates an instant vector");
    expect(problemsOf("abs(requests_total[5m])")).toContain("abs() takes an instant vector");
  });

  it("when the two sides of a ratio are grouped differently, then no series would match and it says so", () => {
    expect(problemsOf("sum by (job, method) (rate(requests_total[5m])) / sum by (job) (rate(requests_total[5m]))")).toContain("the two sides carry different labels");
    // on() evens the sides out, but its labels must exist on both.
    expect(problemsOf('sum by (job, instance) (pool_connections{state="in_use"}) >= on (job, instance) sum by (job, instance) (pool_max)')).toBe("");
    expect(problemsOf("sum by (job) (pool_connections) >= on (job, instance) pool_max")).toContain("on() (left side) names instance");
    // or is a union, so the sides may differ.
    expect(problemsOf("sum by (job) (pool_max) or sum by (job, state) (pool_connections)")).toBe("");
  });

  it("when a comparison filters by a scalar, then the series keep their labels", () => {
    expect(checkPromql('pool_connections{state="idle"} > 0', catalog).value).toEqual({ kind: "vector", labels: new Set(["job", "instance", "state"]) });
  });

  it("when group_left copies a label, then it must be on the right side, and the result carries it", () => {
    const check = checkPromql("pool_max * on (job, instance) group_left (state) pool_connections", catalog);
    expect(check.problems).toEqual([]);
    expect(check.value).toEqual({ kind: "vector", labels: new Set(["job", "instance", "state"]) });
    expect(problemsOf("pool_connections * on (job, instance) group_left (method) pool_max")).toContain("group_left() names method");
  });

  it("when label_replace reads a source label the series lack, then it is named, and the new label is carried", () => {
    expect(problemsOf('label_replace(pool_max, "node", "$1", "pod", "(.*)")')).toContain("label_replace() names pod");
    expect(checkPromql('label_replace(pool_max, "node", "$1", "instance", "(.*):.*")', catalog).value).toEqual({
      kind: "vector",
      labels: new Set(["job", "instance", "node"]),
    });
  });

  it("when a selector has no metric name, then it cannot be checked and says so", () => {
    expect(problemsOf('{job="users"}')).toContain("without a metric name");
  });
});
