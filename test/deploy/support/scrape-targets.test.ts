import { describe, expect, it } from "vitest";
import { relabel, staticTargets } from "./scrape-targets.js";

describe("relabel", () => {
  const pod = { __address__: "10.1.0.1:9461", __meta_kubernetes_pod_label_app: "users", __meta_kubernetes_pod_container_port_name: "metrics", job: "pods" };

  it("when keep's regex matches the joined source labels in full, then the target stays; a partial match drops it", () => {
    expect(relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: "metrics", action: "keep" }])).toEqual(pod);
    expect(relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: "metric", action: "keep" }])).toBeUndefined();
  });

  it("when drop's regex matches, then the target goes", () => {
    expect(relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_label_app"], regex: "users|orders", action: "drop" }])).toBeUndefined();
    expect(relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_label_app"], regex: "catalog", action: "drop" }])).toEqual(pod);
  });

  it("when replace writes a target label, then the default replacement is the first group of the joined sources, and Go's ${1} works too", () => {
    expect(relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_label_app"], target_label: "job" }])!.job).toBe("users");
    const joined = relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_label_app", "__meta_kubernetes_pod_container_port_name"], regex: "(.+);(.+)", replacement: "${1}-${2}", target_label: "service" }]);
    expect(joined!.service).toBe("users-metrics");
    // No match: nothing changes.
    expect(relabel(pod, [{ source_labels: ["__meta_kubernetes_pod_label_app"], regex: "x(.*)", target_label: "job" }])!.job).toBe("pods");
  });

  it("when labelmap matches label names, then their values are copied under the replaced names", () => {
    expect(relabel(pod, [{ regex: "__meta_kubernetes_pod_label_(.+)", action: "labelmap" }])!.app).toBe("users");
  });

  it("when an action is not simulated, then it refuses instead of guessing", () => {
    expect(() => relabel(pod, [{ action: "hashmod", target_label: "shard" }])).toThrow("hashmod");
  });
});

describe("staticTargets", () => {
  it("when a static job lists targets, then each becomes one target with the job name, the address as instance and /metrics as path", () => {
    expect(staticTargets({ job_name: "users", static_configs: [{ targets: ["127.0.0.1:9461"], labels: { env: "dev" } }] })).toEqual([
      { port: 9461, path: "/metrics", labels: { job: "users", env: "dev", instance: "127.0.0.1:9461" } },
    ]);
  });
});
