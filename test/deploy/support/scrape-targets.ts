import type { ManifestAnalysis } from "./manifest-analysis.js";

/**
 * Which targets a Prometheus would scrape, worked out from the configuration files and a rendered
 * overlay: the static jobs of prometheus.yml, its kubernetes_sd pod job (discovery labels built
 * from the pod templates as Prometheus builds them, then its relabel_configs applied), and the
 * PodMonitor (pods its selector takes, at the named port, with the job from its jobLabel). So a
 * relabel rule, a selector or a port name that misses our pods shows as a missing target.
 */

export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?: string;
}

export interface ScrapeConfig {
  readonly job_name: string;
  readonly metrics_path?: string;
  readonly static_configs?: readonly { readonly targets: readonly string[]; readonly labels?: Readonly<Record<string, string>> }[];
  readonly kubernetes_sd_configs?: readonly { readonly role: string; readonly namespaces?: { readonly names?: readonly string[] } }[];
  readonly relabel_configs?: readonly RelabelConfig[];
}

export interface PrometheusConfig {
  readonly rule_files?: readonly string[];
  readonly scrape_configs: readonly ScrapeConfig[];
}

/** One scrape target: where, and with which target labels (`job`, `instance`, and any a relabel rule adds). */
export interface ScrapeTarget {
  /** The workload whose pod it is (`Deployment users`), for Kubernetes targets. */
  readonly workload?: string;
  readonly port: number;
  readonly path: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface PodMonitor {
  readonly spec: {
    readonly jobLabel?: string;
    readonly selector: { readonly matchLabels?: Readonly<Record<string, string>>; readonly matchExpressions?: unknown };
    readonly podMetricsEndpoints: readonly { readonly port?: string; readonly path?: string }[];
    readonly namespaceSelector?: unknown;
  };
  readonly metadata: { readonly name: string };
}

/** Prometheus's relabelling, for the actions our configs may use; undefined when the target is dropped. */
export function relabel(input: Readonly<Record<string, string>>, configs: readonly RelabelConfig[]): Record<string, string> | undefined {
  const labels: Record<string, string> = { ...input };
  for (const config of configs) {
    const action = config.action ?? "replace";
    // Prometheus anchors every relabel regex at both ends; `${1}` is Go's spelling of `$1`.
    const regex = new RegExp(`^(?:${config.regex ?? "(.*)"})$`);
    const value = (config.source_labels ?? []).map((name) => labels[name] ?? "").join(config.separator ?? ";");
    switch (action) {
      case "keep":
        if (!regex.test(value)) return undefined;
        break;
      case "drop":
        if (regex.test(value)) return undefined;
        break;
      case "replace": {
        if (config.target_label === undefined) throw new Error("relabel action replace without target_label");
        if (!regex.test(value)) break;
        const replaced = value.replace(regex, (config.replacement ?? "$1").replace(/\$\{(\w+)\}/g, "$$$1"));
        if (replaced === "") delete labels[config.target_label];
        else labels[config.target_label] = replaced;
        break;
      }
      case "labelmap":
        for (const [name, labelValue] of Object.entries(labels)) {
          if (regex.test(name)) labels[name.replace(regex, (config.replacement ?? "$1").replace(/\$\{(\w+)\}/g, "$$$1"))] = labelValue;
        }
        break;
      default:
        throw new Error(`relabel action ${action} is not simulated here`);
    }
  }
  return labels;
}

/** What is left of a target's labels after relabelling: `instance` defaults to the address, `__` labels go. */
function finish(labels: Readonly<Record<string, string>>, workload?: string): ScrapeTarget {
  const address = labels.__address__ ?? "";
  const kept = Object.fromEntries(Object.entries({ instance: address, ...labels }).filter(([name]) => !name.startsWith("__")));
  return { ...(workload === undefined ? {} : { workload }), port: Number(address.slice(address.lastIndexOf(":") + 1)), path: labels.__metrics_path__ ?? "/metrics", labels: kept };
}

/** Prometheus's label-name sanitising of Kubernetes label keys (`app.kubernetes.io/name` → `app_kubernetes_io_name`). */
const sanitize = (name: string): string => name.replace(/[^a-zA-Z0-9_]/g, "_");

/** The targets of a static job. */
export function staticTargets(scrape: ScrapeConfig): ScrapeTarget[] {
  return (scrape.static_configs ?? []).flatMap((group) =>
    group.targets.map((address) =>
      finish({ job: scrape.job_name, ...group.labels, __address__: address, __metrics_path__: scrape.metrics_path ?? "/metrics" }),
    ),
  );
}

/** The targets a kubernetes_sd `role: pod` job finds among the pods of a rendered overlay (one per container port, then relabelled). */
export function kubernetesPodTargets(scrape: ScrapeConfig, analysis: ManifestAnalysis): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  const namespace = analysis.namespace ?? "default";
  for (const sd of scrape.kubernetes_sd_configs ?? []) {
    if (sd.role !== "pod") throw new Error(`kubernetes_sd role ${sd.role} is not simulated here`);
    if (sd.namespaces?.names !== undefined && !sd.namespaces.names.includes(namespace)) continue;
    analysis.workloads.forEach(({ workload, label }, index) => {
      const pod: Record<string, string> = {
        job: scrape.job_name,
        __metrics_path__: scrape.metrics_path ?? "/metrics",
        __meta_kubernetes_namespace: namespace,
        __meta_kubernetes_pod_name: `${workload.name}-7d9f8-x2k4q`,
        __meta_kubernetes_pod_ip: `10.1.0.${index + 1}`,
        __meta_kubernetes_pod_controller_kind: workload.kind === "Deployment" ? "ReplicaSet" : "Job",
      };
      for (const [key, value] of Object.entries(workload.podLabels)) {
        pod[`__meta_kubernetes_pod_label_${sanitize(key)}`] = value;
        pod[`__meta_kubernetes_pod_labelpresent_${sanitize(key)}`] = "true";
      }
      for (const container of workload.pod.containers) {
        for (const port of container.ports ?? []) {
          const discovered = relabel(
            {
              ...pod,
              __address__: `${pod.__meta_kubernetes_pod_ip}:${port.containerPort}`,
              __meta_kubernetes_pod_container_name: container.name,
              __meta_kubernetes_pod_container_port_name: port.name ?? "",
              __meta_kubernetes_pod_container_port_number: String(port.containerPort),
              __meta_kubernetes_pod_container_port_protocol: "TCP",
              __meta_kubernetes_pod_container_init: "false",
            },
            scrape.relabel_configs ?? [],
          );
          if (discovered !== undefined) targets.push(finish(discovered, label));
        }
      }
    });
  }
  return targets;
}

/** The targets a PodMonitor makes of a rendered overlay's pods (it sits in their namespace). */
export function podMonitorTargets(monitor: PodMonitor, analysis: ManifestAnalysis): ScrapeTarget[] {
  const { selector, jobLabel, podMetricsEndpoints, namespaceSelector } = monitor.spec;
  if (selector.matchExpressions !== undefined || namespaceSelector !== undefined) throw new Error("matchExpressions and namespaceSelector are not simulated here");
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const targets: ScrapeTarget[] = [];
  analysis.workloads.forEach(({ workload, label }, index) => {
    if (matchLabels.length === 0 || !matchLabels.every(([key, value]) => workload.podLabels[key] === value)) return;
    for (const endpoint of podMetricsEndpoints) {
      for (const container of workload.pod.containers) {
        const port = (container.ports ?? []).find((candidate) => candidate.name === endpoint.port);
        if (port === undefined) continue;
        const job = (jobLabel === undefined ? undefined : workload.podLabels[jobLabel]) ?? `${analysis.namespace}/${monitor.metadata.name}`;
        // The Operator's target labels besides job and instance.
        const pod = { namespace: analysis.namespace ?? "default", pod: `${workload.name}-7d9f8-x2k4q`, container: container.name, endpoint: port.name! };
        targets.push(finish({ job, ...pod, __address__: `10.1.0.${index + 1}:${port.containerPort}`, __metrics_path__: endpoint.path ?? "/metrics" }, label));
      }
    }
  });
  return targets;
}
