import { autoscalersOf, budgetsOf, containerPort, selects, servicesOf, type Labels } from "./k8s-objects.js";
import { serverOf, type AnalysedWorkload, type ManifestAnalysis } from "./manifest-analysis.js";
import { SHOP_PROCESSES, type DomainServiceName } from "./shop-processes.js";

/**
 * How the objects point at each other: Services and budgets select exactly one Deployment's pods
 * (never a migration Job's), gRPC services are headless and expose only the mTLS gRPC port (not
 * the plaintext health port), every target a process is configured with names a real Service and
 * the port its pods listen on, every domain service has its migration Job, and autoscalers scale
 * existing Deployments that leave the count to them.
 */

const DNS_TARGET = /^dns:\/\/\/([a-z0-9-]+)(?:\.([a-z0-9-]+))?(?:\.svc(?:\.[a-z0-9.-]+)?)?:(\d+)$/;

const deployments = (analysis: ManifestAnalysis) => analysis.workloads.filter((w) => w.workload.kind === "Deployment");

/** The workloads whose pods carry every label of `selector`. */
const selected = (analysis: ManifestAnalysis, selector: Labels): AnalysedWorkload[] =>
  analysis.workloads.filter((w) => selects(selector, w.workload.podLabels));

export function selectorProblems(analysis: ManifestAnalysis): string[] {
  const problems: string[] = [];
  for (const { label, workload } of deployments(analysis)) {
    if (!selects(workload.selector ?? {}, workload.podLabels)) problems.push(`${label}: its selector does not match its own pod labels`);
  }
  const selectors = [
    ...servicesOf(analysis.objects).map((service) => ({ what: `Service ${service.name}`, selector: service.selector })),
    ...budgetsOf(analysis.objects).map((budget) => ({ what: `PodDisruptionBudget ${budget.name}`, selector: budget.selector })),
  ];
  for (const { what, selector } of selectors) {
    const pods = selected(analysis, selector);
    if (pods.length !== 1 || pods[0]!.workload.kind !== "Deployment") {
      problems.push(`${what}: selects the pods of ${pods.length === 0 ? "nothing" : pods.map((w) => w.label).join(", ")}; expected exactly one Deployment`);
    }
  }
  for (const { label, workload } of deployments(analysis)) {
    for (const kind of ["Service", "PodDisruptionBudget"] as const) {
      const count = selectors.filter((s) => s.what.startsWith(`${kind} `) && selects(s.selector, workload.podLabels)).length;
      if (count !== 1) problems.push(`${label}: ${count} ${kind}s select its pods; expected exactly one`);
    }
  }
  return problems;
}

export function serviceProblems(analysis: ManifestAnalysis): string[] {
  const problems: string[] = [];
  for (const service of servicesOf(analysis.objects)) {
    const [target] = selected(analysis, service.selector);
    if (target?.container === undefined || target.entry === undefined) continue; // selectorProblems names it
    for (const port of service.ports) {
      const pod = containerPort(target.container, port.targetPort ?? port.port);
      if (pod === undefined) problems.push(`Service ${service.name}: targetPort ${port.targetPort ?? port.port} is not a port of ${target.label}`);
      // Only the kubelet has a reason to dial the plaintext health port; the Service offers mTLS gRPC alone.
      else if (target.entry.process.kind === "domain-service" && pod === target.config?.healthPort) {
        problems.push(`Service ${service.name}: exposes the plaintext health port ${pod}; clients need only the gRPC port`);
      }
      // Clients of a headless Service dial the pod addresses directly, at the port they were given.
      else if (service.clusterIP === "None" && port.port !== pod) problems.push(`Service ${service.name}: headless, so port ${port.port} must be the container port ${pod}`);
    }
    const headless = service.clusterIP === "None";
    if (target.entry.process.kind === "domain-service" && !headless) problems.push(`Service ${service.name}: a gRPC service must be headless (clusterIP: None) so clients balance per call across pods`);
    if (target.entry.process.kind === "bff" && (headless || service.type !== "ClusterIP")) problems.push(`Service ${service.name}: a BFF is reached through a ClusterIP Service`);
  }
  return problems;
}

/** Every `<service>` target of every process: one dns:/// name of the headless Service of that service's pods. */
export function targetProblems(analysis: ManifestAnalysis): string[] {
  const problems: string[] = [];
  const services = servicesOf(analysis.objects);
  for (const { label, config } of analysis.workloads) {
    for (const [serviceName, targets] of Object.entries(config?.targets ?? {})) {
      const server = serverOf(analysis, serviceName);
      if (targets?.length !== 1) {
        problems.push(`${label}: ${targets?.length ?? 0} ${serviceName} targets; expected one dns:/// name (its headless Service)`);
        continue;
      }
      for (const target of targets) {
        const match = DNS_TARGET.exec(target);
        if (match === null) {
          problems.push(`${label}: ${serviceName} target ${target} is not dns:///<service>[.<namespace>]:<port>`);
          continue;
        }
        const [, name, namespace, port] = match;
        if (namespace !== undefined && namespace !== analysis.namespace) problems.push(`${label}: ${target} names namespace ${namespace}, the overlay deploys to ${analysis.namespace}`);
        const service = services.find((candidate) => candidate.name === name);
        if (service === undefined) problems.push(`${label}: ${target} names no Service`);
        else if (server === undefined || !selects(service.selector, server.workload.podLabels)) problems.push(`${label}: ${target} names Service ${name}, which does not select the ${serviceName} pods`);
        else if (!service.ports.some((p) => p.port === Number(port))) problems.push(`${label}: ${target}: Service ${name} has no port ${port}`);
        else if (server.config !== undefined && server.config.port !== Number(port)) problems.push(`${label}: ${target}: ${serviceName} listens on ${server.config.port}`);
      }
    }
  }
  return problems;
}

export function migrationProblems(analysis: ManifestAnalysis): string[] {
  const problems: string[] = [];
  for (const name of ["users", "catalog", "orders"] as const satisfies readonly DomainServiceName[]) {
    const server = serverOf(analysis, name);
    const jobs = analysis.workloads.filter((w) => w.workload.kind === "Job" && w.entry?.process.name === name && w.entry.entry === "migrate-command");
    if (server === undefined) problems.push(`no Deployment runs the ${name} service`);
    if (jobs.length !== 1) problems.push(`${jobs.length} Jobs run the ${name} migrations; expected exactly one`);
    const urlKey = [...SHOP_PROCESSES[name].configKeys].find((key) => key.endsWith("_DATABASE_URL"))!;
    for (const job of jobs) {
      if (server !== undefined && job.env.env[urlKey] !== server.env.env[urlKey]) problems.push(`${job.label}: migrates another database (${urlKey}) than ${server.label} uses`);
    }
  }
  return problems;
}

export function autoscalerProblems(analysis: ManifestAnalysis): string[] {
  const problems: string[] = [];
  const autoscalers = autoscalersOf(analysis.objects);
  for (const hpa of autoscalers) {
    const what = `HorizontalPodAutoscaler ${hpa.name}`;
    if (hpa.apiVersion !== "autoscaling/v2") problems.push(`${what}: apiVersion ${hpa.apiVersion}, expected autoscaling/v2`);
    const target = deployments(analysis).find((w) => w.workload.name === hpa.target.name);
    if (hpa.target.kind !== "Deployment" || hpa.target.apiVersion !== "apps/v1" || target === undefined) {
      problems.push(`${what}: scales ${hpa.target.apiVersion}/${hpa.target.kind} ${hpa.target.name}, which is not a Deployment here`);
    } else if (target.workload.replicas !== undefined) {
      problems.push(`${what}: ${target.label} sets replicas, which every apply would reset under the autoscaler`);
    }
    if (!hpa.metrics.some((metric) => metric.type === "Resource" && metric.resource?.name === "cpu")) problems.push(`${what}: does not scale on CPU`);
    if (!((hpa.minReplicas ?? 1) >= 1 && hpa.maxReplicas >= (hpa.minReplicas ?? 1))) problems.push(`${what}: replicas ${hpa.minReplicas}–${hpa.maxReplicas}`);
  }
  for (const { label, entry, workload } of deployments(analysis)) {
    if (entry?.process.kind !== "bff") continue;
    const count = autoscalers.filter((hpa) => hpa.target.name === workload.name).length;
    if (count !== 1) problems.push(`${label}: ${count} autoscalers; every BFF has exactly one`);
  }
  return problems;
}
