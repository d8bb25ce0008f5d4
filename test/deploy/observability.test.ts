import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTelemetry, METRIC_NAMES } from "@shop/grpc-runtime";
import { parseDocument } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METRICS_PORTS, PROCESS_NAMES } from "../../scripts/launcher/system-processes.js";
import { NO_OUT_OF_BAND_SECRETS, type OutOfBandSecrets } from "./support/container-env.js";
import { checkDashboard } from "./support/dashboard-checks.js";
import { exportedMetrics, parseSeriesLine, SHOP_METRIC_NAMES, TARGET_LABELS, type ExportedMetrics } from "./support/exported-metrics.js";
import type { K8sObject } from "./support/k8s-objects.js";
import { kustomizeUnavailableReason, renderKustomization } from "./support/kustomize.js";
import { analyseManifests, type ManifestAnalysis } from "./support/manifest-analysis.js";
import { ALERTS_PATH, expectedPrometheusRule, PROMETHEUS_RULE_PATH } from "./support/prometheus-rule.js";
import { promtool, promtoolUnavailableReason } from "./support/promtool.js";
import { checkRuleFile, type RuleGroup } from "./support/rule-checks.js";
import { kubernetesPodTargets, podMonitorTargets, staticTargets, type PodMonitor, type PrometheusConfig, type ScrapeConfig, type ScrapeTarget } from "./support/scrape-targets.js";
import { SHOP_PROCESSES } from "./support/shop-processes.js";

/**
 * deploy/observability checked against the code: every PromQL expression of the alert rules and
 * of the dashboard parses with Prometheus's grammar and names only metrics, labels and label values
 * a real `Metrics` registry exports; the dashboard shows every metric the code defines; the
 * PrometheusRule is the rule file; and the scrape configurations (static, kubernetes_sd, PodMonitor)
 * find exactly the five processes' /metrics ports in the rendered overlays, with the process as
 * `job`. The last block breaks each kind of file on purpose and expects the checks to say so.
 */

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PROMETHEUS_CONFIG_PATH = "deploy/observability/prometheus/prometheus.yml";
const DASHBOARD_PATH = "deploy/observability/grafana/shop-overview.json";
const OBSERVABILITY_K8S = "deploy/observability/k8s";
const ALERT_TESTS_PATH = "deploy/observability/prometheus/alerts.test.yml";

/** Codes that point at the server, not the caller: what the fault ratio of an RPC method counts. */
const SERVER_FAULT_CODES = ["UNKNOWN", "INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED", "DATA_LOSS", "UNIMPLEMENTED"];
/** prom-client's process metrics the dashboard must show besides METRIC_NAMES (event loop, heap, CPU, GC). */
const RUNTIME_METRICS = ["nodejs_eventloop_lag_p99_seconds", "nodejs_heap_size_used_bytes", "process_cpu_seconds_total", "nodejs_gc_duration_seconds"];

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), "utf8");
const parseYaml = (path: string): unknown => {
  const document = parseDocument(read(path));
  if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]!.message}`);
  return document.toJS();
};
const prometheusConfig = (): PrometheusConfig => parseYaml(PROMETHEUS_CONFIG_PATH) as PrometheusConfig;
const ruleFile = (): { groups: RuleGroup[] } => parseYaml(ALERTS_PATH) as { groups: RuleGroup[] };
const dashboard = (): Record<string, unknown> => JSON.parse(read(DASHBOARD_PATH)) as Record<string, unknown>;
const kubernetesJob = (config: PrometheusConfig): ScrapeConfig => config.scrape_configs.find((scrape) => scrape.kubernetes_sd_configs !== undefined)!;

let exported: ExportedMetrics;
beforeAll(async () => {
  exported = await exportedMetrics();
});

describe("the metrics the code exports (what every check below compares with)", () => {
  it("when one value is recorded in every instrument, then every series line of the exposition is a catalogued series with catalogued labels, and every METRIC_NAMES family is there", async () => {
    const strays: string[] = [];
    let lines = 0;
    for (const line of (await exported.exercised.text()).split("\n")) {
      const series = parseSeriesLine(line);
      if (series === undefined) continue;
      lines++;
      const labels = exported.series.get(series.name);
      const unknown = Object.keys(series.labels).filter((label) => !labels?.has(label));
      if (labels === undefined || unknown.length > 0) strays.push(`${series.name} {${unknown.join(",")}}`);
    }
    expect(lines).toBeGreaterThan(100);
    expect(strays).toEqual([]);
    expect(SHOP_METRIC_NAMES.filter((name) => !exported.families.has(name))).toEqual([]);
    expect(exported.series.get(`${METRIC_NAMES.rpcServerDuration}_bucket`)).toEqual(new Set(["grpc_service", "grpc_method", "le", ...TARGET_LABELS]));
    expect(exported.labelValues.get("grpc_code")).toEqual(new Set(["OK", ...SERVER_FAULT_CODES, "CANCELLED", "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNAUTHENTICATED"]));
  });
});

describe("prometheus/alerts.yml and the PrometheusRule", () => {
  it("when the rule file is read, then every recording and alerting rule parses, names only exported metrics and labels, and every alert waits, has a severity and explains itself", () => {
    const check = checkRuleFile(ruleFile(), exported);
    expect(check.problems).toEqual([]);
    expect(ruleFile().groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined)).length).toBeGreaterThanOrEqual(8);
  });

  it("when the alerts are traced back to the exported metrics, then they watch BFF operation errors and p99, RPC server faults and p99, the database pool, circuit breakers and the event loop", () => {
    const check = checkRuleFile(ruleFile(), exported);
    const alerts = ruleFile().groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined).map((rule) => rule.alert!));
    const watched = new Set(alerts.flatMap((alert) => [...check.reads.get(alert)!].map((series) => exported.familyOf(series))));
    const expected = [
      METRIC_NAMES.graphqlOperations,
      METRIC_NAMES.graphqlOperationDuration,
      METRIC_NAMES.rpcServerRequests,
      METRIC_NAMES.rpcServerDuration,
      METRIC_NAMES.dbPoolWaiting,
      METRIC_NAMES.dbPoolConnections,
      METRIC_NAMES.dbPoolMax,
      METRIC_NAMES.rpcClientBreakerRejections,
      "nodejs_eventloop_lag_p99_seconds",
    ];
    expect(expected.filter((family) => !watched.has(family))).toEqual([]);
    // The fault ratio counts exactly the server-fault codes.
    const faultCodes = [...read(ALERTS_PATH).matchAll(/grpc_code=~"([^"]+)"/g)].map((match) => match[1]!.split("|").sort());
    expect(faultCodes).toEqual([[...SERVER_FAULT_CODES].sort()]);
  });

  it("when the rule unit tests are read, then every alert is shown to fire at least once", () => {
    const tests = parseYaml(ALERT_TESTS_PATH) as { rule_files: string[]; tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[] };
    expect(tests.rule_files).toEqual(["alerts.yml"]);
    const fired = new Set(tests.tests.flatMap((test) => (test.alert_rule_test ?? []).filter((t) => (t.exp_alerts ?? []).length > 0).map((t) => t.alertname)));
    const alerts = ruleFile().groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined).map((rule) => rule.alert!));
    expect(alerts.filter((alert) => !fired.has(alert))).toEqual([]);
  });

  const noPromtool = promtoolUnavailableReason();
  if (noPromtool !== undefined) console.warn(`promtool checks: skipped, ${noPromtool}`);
  it.skipIf(noPromtool !== undefined)("when Prometheus's promtool checks the rule file and runs its unit tests, then both pass: each alert fires on series shaped like ours, with the labels and annotations expected, and stays quiet below its thresholds", () => {
    const dir = join(REPO_ROOT, "deploy/observability/prometheus");
    const check = promtool(["check", "rules", "alerts.yml"], dir);
    expect(check.status, check.output).toBe(0);
    const unit = promtool(["test", "rules", "alerts.test.yml"], dir);
    expect(unit.status, unit.output).toBe(0);
  });

  it("when prometheus.yml is read, then its rule_files name the rule file beside it", () => {
    expect(prometheusConfig().rule_files).toEqual(["alerts.yml"]);
  });

  it("when the PrometheusRule is compared with the rule file, then it is exactly what the generator makes of it, and its groups are the rule file's", () => {
    const committed = read(PROMETHEUS_RULE_PATH);
    expect(committed, "regenerate with: npx tsx test/deploy/write-prometheus-rule.ts").toBe(expectedPrometheusRule(REPO_ROOT));
    const rule = parseYaml(PROMETHEUS_RULE_PATH) as { apiVersion: string; kind: string; spec: { groups: unknown } };
    expect([rule.apiVersion, rule.kind]).toEqual(["monitoring.coreos.com/v1", "PrometheusRule"]);
    expect(rule.spec.groups).toEqual(ruleFile().groups);
  });
});

describe("grafana/shop-overview.json", () => {
  it("when every panel and variable query is read, then each parses, names only exported metrics and labels, and uses the ${datasource} variable; ids, refIds, variables and the grid hold together", () => {
    expect(checkDashboard(dashboard(), exported).problems).toEqual([]);
  });

  it("when the panels are traced back to the exported metrics, then every METRIC_NAMES family and the runtime metrics (event loop, heap, CPU, GC) are shown", () => {
    const shown = new Set(checkDashboard(dashboard(), exported).reads.map((read) => exported.familyOf(read.seriesName)));
    expect([...SHOP_METRIC_NAMES, ...RUNTIME_METRICS].filter((family) => !shown.has(family))).toEqual([]);
  });
});

describe("prometheus/prometheus.yml for `npm start`", () => {
  it("when its static jobs are read, then there is one per process, named after it, at the /metrics port npm start and the process's config default to", () => {
    const targets = prometheusConfig().scrape_configs.filter((scrape) => scrape.static_configs !== undefined).flatMap(staticTargets);
    expect(targets.map((target) => target.labels.job).sort()).toEqual([...PROCESS_NAMES].sort());
    for (const { labels, port, path } of targets) {
      const name = labels.job as keyof typeof DEFAULT_METRICS_PORTS;
      expect([labels.job, port, path]).toEqual([name, DEFAULT_METRICS_PORTS[name], "/metrics"]);
      expect([labels.job, port]).toEqual([name, SHOP_PROCESSES[name].load({}).telemetry.metricsPort]);
    }
  });

  it("when a process's /metrics server is started with its configured settings (on a free port), then the path the scrape configs ask answers with the exported families in the text format", async () => {
    const settings = { ...SHOP_PROCESSES.catalog.load({}).telemetry, metricsPort: 0, metricsHost: "127.0.0.1" };
    const telemetry = createTelemetry({ settings });
    try {
      const port = await telemetry.serveMetrics();
      const paths = new Set(prometheusConfig().scrape_configs.map((scrape) => scrape.metrics_path ?? "/metrics"));
      for (const path of paths) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
        const body = await response.text();
        for (const name of SHOP_METRIC_NAMES) expect(body).toContain(`# TYPE ${name} `);
      }
    } finally {
      await telemetry.shutdown();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Kubernetes: the overlays rendered by kubectl kustomize, and the Operator's objects beside them.

const unavailable = kustomizeUnavailableReason();
if (unavailable !== undefined) console.warn(`observability k8s checks: skipped, ${unavailable}`);
const PROD_SECRETS: OutOfBandSecrets = {
  names: new Set(["shop-secrets"]),
  placeholder: (key) =>
    key === "JWT_SECRET" ? "x".repeat(48) : key === "REDIS_URL" ? "redis://redis.example.internal:6379" : `postgres://shop:x@db.example.internal:5432/${key.toLowerCase()}`,
};
const OVERLAYS = { dev: NO_OUT_OF_BAND_SECRETS, prod: PROD_SECRETS } as const;
type Overlay = keyof typeof OVERLAYS;

const renderings = new Map<string, K8sObject[]>();
const rendered = (dir: string): K8sObject[] => {
  if (!renderings.has(dir)) renderings.set(dir, renderKustomization(join(REPO_ROOT, dir)));
  return renderings.get(dir)!;
};
const analysisOf = (overlay: Overlay): ManifestAnalysis => analyseManifests(rendered(`deploy/k8s/overlays/${overlay}`), { outOfBand: OVERLAYS[overlay] });
const podMonitor = (): PodMonitor => rendered(OBSERVABILITY_K8S).find((object) => object.kind === "PodMonitor") as unknown as PodMonitor;

/** What a target is compared by: whose pod, which job, which port and path. */
const summary = (targets: readonly ScrapeTarget[]) =>
  targets.map((t) => ({ workload: t.workload, job: t.labels.job, port: t.port, path: t.path })).sort((a, b) => String(a.workload).localeCompare(String(b.workload)));
/** One target per Deployment, at the port its process's config serves /metrics on, with the process as job. */
const expectedTargets = (analysis: ManifestAnalysis) =>
  summary(
    analysis.workloads
      .filter((w) => w.workload.kind === "Deployment" && w.entry?.entry === "main")
      .map((w) => ({ workload: w.label, port: w.config!.telemetry.metricsPort, path: "/metrics", labels: { job: w.entry!.process.name } })),
  );

describe.skipIf(unavailable !== undefined)("deploy/observability/k8s and the overlays, rendered by kubectl kustomize", () => {
  it("when deploy/observability/k8s is rendered, then it holds one PodMonitor and one PrometheusRule, in no namespace of their own, and the rule's groups are the rule file's", () => {
    const objects = rendered(OBSERVABILITY_K8S);
    expect(objects.map((object) => `${object.apiVersion} ${object.kind}`).sort()).toEqual(["monitoring.coreos.com/v1 PodMonitor", "monitoring.coreos.com/v1 PrometheusRule"]);
    expect(objects.map((object) => object.metadata.namespace)).toEqual([undefined, undefined]);
    const rule = objects.find((object) => object.kind === "PrometheusRule") as unknown as { spec: { groups: unknown } };
    expect(rule.spec.groups).toEqual(ruleFile().groups);
  });

  describe.each(Object.keys(OVERLAYS) as Overlay[])("overlay %s", (overlay) => {
    it("when the PodMonitor's selector and port are applied to the overlay's pods, then it scrapes each of the five Deployments once at its process's /metrics port, with the process as job, and no Job", () => {
      const analysis = analysisOf(overlay);
      expect(expectedTargets(analysis)).toHaveLength(5);
      expect(summary(podMonitorTargets(podMonitor(), analysis))).toEqual(expectedTargets(analysis));
    });

    it("when prometheus.yml's kubernetes_sd job discovers the overlay's pods and relabels them, then it keeps the same five targets with the same jobs", () => {
      const analysis = analysisOf(overlay);
      expect(summary(kubernetesPodTargets(kubernetesJob(prometheusConfig()), analysis))).toEqual(expectedTargets(analysis));
    });

    it("when every scrape setup is applied, then each target carries the target labels the dashboard and the rules group by (job, instance)", () => {
      const analysis = analysisOf(overlay);
      const targets = [
        ...prometheusConfig().scrape_configs.filter((scrape) => scrape.static_configs !== undefined).flatMap(staticTargets),
        ...kubernetesPodTargets(kubernetesJob(prometheusConfig()), analysis),
        ...podMonitorTargets(podMonitor(), analysis),
      ];
      for (const target of targets) expect(TARGET_LABELS.filter((label) => target.labels[label] === undefined || target.labels[label] === "")).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The checks must fail on broken files: each case breaks one thing and expects it named.

describe("the observability checks, given a broken file", () => {
  type Rules = { groups: { name: string; rules: Record<string, any>[] }[] };
  const alertNamed = (rules: Rules, name: string) => rules.groups.flatMap((group) => group.rules).find((rule) => rule.alert === name)!;
  const ruleCases: [string, (rules: Rules) => void, string][] = [
    ["an alert names a misspelt metric", (r) => void (alertNamed(r, "ShopEventLoopLag").expr = "max by (job, instance) (nodejs_eventloop_lag_p99_second) > 0.1"), "nodejs_eventloop_lag_p99_second is not a metric the code exports"],
    ["an alert has a PromQL syntax error", (r) => void (alertNamed(r, "ShopDbPoolWaiting").expr = "max by (job, instance) (shop_db_pool_waiting_requests > 0"), "alert ShopDbPoolWaiting: syntax error"],
    ["an alert groups by a label its metric lacks", (r) => void (alertNamed(r, "ShopDbPoolWaiting").expr = "max by (job, pod) (shop_db_pool_waiting_requests) > 0"), "max by names pod"],
    ["an alert fires at once, without for", (r) => void delete alertNamed(r, "ShopRpcServerSlow").for, "alert ShopRpcServerSlow: needs a for duration"],
    ["an alert has no severity", (r) => void delete alertNamed(r, "ShopRpcServerSlow").labels.severity, "alert ShopRpcServerSlow: severity label undefined"],
    ["an annotation names a label the alert's series lost in aggregation", (r) => void (alertNamed(r, "ShopCircuitBreakerRejecting").annotations.summary = "{{ $labels.grpc_method }} rejected"), "the alert's series have no label grpc_method"],
    ["a recorded series is read before it is recorded", (r) => void r.groups.reverse(), "job_operation:shop_graphql_operation_errors:ratio_rate5m is not a metric the code exports"],
    ["a fault ratio counts a code the code never writes", (r) => void (r.groups[0]!.rules[4]!.expr = r.groups[0]!.rules[4]!.expr.replace("DATA_LOSS", "DATALOSS")), 'grpc_code is never "DATALOSS"'],
  ];
  it.each(ruleCases)("when %s, then the rule check names it", (_, edit, expected) => {
    const rules = structuredClone(ruleFile()) as unknown as Rules;
    edit(rules);
    expect(checkRuleFile(rules, exported).problems.join("\n")).toContain(expected);
  });

  type Dashboard = { panels: Record<string, any>[]; templating: { list: Record<string, any>[] } };
  const panelTitled = (model: Dashboard, title: string) => model.panels.find((panel) => panel.title === title)!;
  const dashboardCases: [string, (model: Dashboard) => void, string][] = [
    ["a panel names a misspelt metric", (d) => void (panelTitled(d, "Cache hit ratio by loader").targets[0].expr = 'sum by (job, loader) (rate(shop_dataloader_cache_hit_total{job=~"$bff"}[$__rate_interval]))'), "shop_dataloader_cache_hit_total is not a metric the code exports"],
    ["a panel has a PromQL syntax error", (d) => void (panelTitled(d, "CPU (cores)").targets[0].expr = "sum by (job, instance) (rate(process_cpu_seconds_total[$__rate_interval])"), 'panel "CPU (cores)" A: syntax error'],
    ["a panel filters on a label its metric lacks", (d) => void (panelTitled(d, "Event loop lag p99").targets[0].expr = 'max by (job, instance) (nodejs_eventloop_lag_p99_seconds{grpc_service="x"})'), "nodejs_eventloop_lag_p99_seconds has no label grpc_service"],
    ["a panel names a fixed data source", (d) => void (panelTitled(d, "CPU (cores)").datasource = { type: "prometheus", uid: "P1809F7CD0C75ACF3" }), 'panel "CPU (cores)": data source'],
    ["a query uses a variable the dashboard does not define", (d) => void (panelTitled(d, "CPU (cores)").targets[0].expr = 'sum by (job) (rate(process_cpu_seconds_total{job=~"$svc"}[$__rate_interval]))'), "$svc is used but not a dashboard variable"],
    ["two panels overlap", (d) => void (panelTitled(d, "CPU (cores)").gridPos = { ...panelTitled(d, "Event loop lag p99").gridPos }), 'panel "CPU (cores)": overlaps panel "Event loop lag p99"'],
    ["a variable lists values of a label its metric lacks", (d) => void (d.templating.list.find((v) => v.name === "bff")!.query.query = "label_values(shop_graphql_operations_total, loader)"), "variable bff: shop_graphql_operations_total has no label loader"],
  ];
  it.each(dashboardCases)("when %s, then the dashboard check names it", (_, edit, expected) => {
    const model = structuredClone(dashboard()) as Dashboard;
    edit(model);
    expect(checkDashboard(model, exported).problems.join("\n")).toContain(expected);
  });

  it("when a panel of the metrics the code defines is removed, then the coverage check misses its metric", () => {
    const model = structuredClone(dashboard()) as Dashboard;
    model.panels = model.panels.filter((panel) => panel.title !== "Cache hit ratio by loader");
    const shown = new Set(checkDashboard(model, exported).reads.map((read) => exported.familyOf(read.seriesName)));
    expect(SHOP_METRIC_NAMES.filter((family) => !shown.has(family))).toEqual([METRIC_NAMES.dataloaderLoads, METRIC_NAMES.dataloaderCacheHits]);
  });

  it("when the PrometheusRule is edited by hand, then it no longer equals what the generator makes of the rule file", () => {
    const committed = read(PROMETHEUS_RULE_PATH);
    expect(committed.replace("for: 10m", "for: 1m")).not.toBe(expectedPrometheusRule(REPO_ROOT));
  });

  describe.skipIf(unavailable !== undefined)("scrape setups against the rendered prod overlay", () => {
    it("when the PodMonitor selects another component, names another port or takes the job from a missing label, then targets go missing or get the wrong job", () => {
      const analysis = analysisOf("prod");
      const broken = (edit: (monitor: { spec: Record<string, any> }) => void) => {
        const copy = structuredClone(podMonitor()) as unknown as { spec: Record<string, any> };
        edit(copy);
        return summary(podMonitorTargets(copy as unknown as PodMonitor, analysis));
      };
      expect(broken((m) => void (m.spec.selector.matchLabels["app.kubernetes.io/component"] = "migration"))).toEqual([]);
      expect(broken((m) => void (m.spec.podMetricsEndpoints[0].port = "http-metrics"))).toEqual([]);
      expect(broken((m) => void (m.spec.jobLabel = "app"))[0]!.job).toBe("shop/shop");
    });

    it("when the kubernetes_sd job keeps another port name or misses the namespace, then it finds no target", () => {
      const analysis = analysisOf("prod");
      // The rendered YAML is plain data; a case edits a deep copy.
      const otherPort = structuredClone(kubernetesJob(prometheusConfig())) as any;
      otherPort.relabel_configs.find((config: any) => config.source_labels?.[0] === "__meta_kubernetes_pod_container_port_name").regex = "metric";
      expect(kubernetesPodTargets(otherPort, analysis)).toEqual([]);
      const elsewhere = structuredClone(kubernetesJob(prometheusConfig())) as any;
      elsewhere.kubernetes_sd_configs[0].namespaces.names = ["monitoring"];
      expect(kubernetesPodTargets(elsewhere, analysis)).toEqual([]);
    });
  });
});
