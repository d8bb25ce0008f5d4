import { existsSync } from "node:fs";
import { join } from "node:path";
import { containerPort, type Probe } from "./k8s-objects.js";
import type { AnalysedWorkload } from "./manifest-analysis.js";
import { memoryBytes, maxOldSpaceBytes } from "./quantities.js";
import { KEYS_EVERY_PROCESS_KNOWS } from "./shop-processes.js";

/**
 * Each workload against the process it runs: the command is a built entry whose source exists,
 * every env key is one the process reads, its config loads in production mode and listens on
 * 0.0.0.0 at the container's port, serves /metrics on 0.0.0.0 at the container port named
 * `metrics`, a domain service serves plaintext health at the container port named `health` and
 * its gRPC probes ask that port (its main port speaks only mutual TLS, which the kubelet cannot),
 * a BFF's probes ask its HTTP port, the heap fits the memory limit, and a Deployment's pods
 * outlast their drain.
 */

/** The container port name Prometheus finds each process's `/metrics` server by (PodMonitor, kubernetes_sd). */
export const METRICS_PORT_NAME = "metrics";

/** The container port name of a domain service's plaintext grpc.health.v1 server (`<PREFIX>_HEALTH_PORT`). */
export const HEALTH_PORT_NAME = "health";

/** The BFF health path each probe must ask (the meaning, not just a path the server answers). */
export const BFF_PROBE_PATHS = { startupProbe: "/health/startup", readinessProbe: "/health/ready", livenessProbe: "/health/live" } as const;
const PROBES = ["startupProbe", "readinessProbe", "livenessProbe"] as const;

/** The V8 heap may take at most this share of the container memory limit: the rest is code, young generation, buffers. */
export const MAX_HEAP_SHARE_OF_LIMIT = 0.75;

export function processProblems(analysed: AnalysedWorkload, repoRoot: string): string[] {
  const { workload, label, container, entry, env, config, configError } = analysed;
  const problems: string[] = [];
  if (container === undefined || workload.pod.containers.length !== 1) {
    return [`${label}: expected exactly one container, found ${workload.pod.containers.length}`];
  }
  if ((workload.pod.initContainers ?? []).length > 0) problems.push(`${label}: init containers are not expected (their env and command go unchecked)`);
  if (entry === undefined) {
    return [...problems, `${label}: command ${JSON.stringify(container.command)} is not \`node <package>/dist/<main|migrate-command>.js\` of one of the five packages`];
  }
  if (container.args !== undefined) problems.push(`${label}: args ${JSON.stringify(container.args)} would be appended to the entry`);
  if (container.workingDir !== "/app") problems.push(`${label}: workingDir is ${container.workingDir}, the release layout is /app`);
  if (!existsSync(join(repoRoot, entry.source))) problems.push(`${label}: runs ${container.command!.join(" ")} but ${entry.source} does not exist`);
  if (workload.kind === "Deployment" && entry.entry !== "main") problems.push(`${label}: a Deployment must run a server (main), runs ${entry.entry}`);
  if (workload.kind === "Job" && (entry.entry !== "migrate-command" || entry.process.kind !== "domain-service")) {
    problems.push(`${label}: a Job must run a domain service's migrate-command, runs ${entry.process.name} ${entry.entry}`);
  }

  const process = entry.process;
  problems.push(...env.problems.map((problem) => `${label}: ${problem}`));
  const unknown = Object.keys(env.env).filter((key) => !process.configKeys.has(key) && !KEYS_EVERY_PROCESS_KNOWS.includes(key));
  if (unknown.length > 0) problems.push(`${label}: sets ${unknown.join(", ")}, which the ${process.name} config does not read`);
  if (env.env.NODE_ENV !== "production") problems.push(`${label}: NODE_ENV is ${JSON.stringify(env.env.NODE_ENV)}, not "production"`);
  if (configError !== undefined) problems.push(`${label}: the ${process.name} config refuses the manifest's environment: ${configError}`);
  problems.push(...heapProblems(analysed));
  if (config === undefined || workload.kind !== "Deployment") return problems;

  if (config.host !== "0.0.0.0") problems.push(`${label}: listens on ${config.host}, not 0.0.0.0 (unreachable from other pods)`);
  const { metricsHost, metricsPort } = config.telemetry;
  if (metricsHost !== "0.0.0.0") problems.push(`${label}: serves /metrics on ${metricsHost}, not 0.0.0.0 (Prometheus cannot scrape it)`);
  // The port it serves on, a domain service's plaintext health port, and its /metrics port under
  // the name scrapers look for; nothing else.
  const ports = container.ports ?? [];
  const served = ports.filter((p) => p.name !== METRICS_PORT_NAME && p.name !== HEALTH_PORT_NAME);
  if (served.length !== 1 || served[0]!.containerPort !== config.port) {
    problems.push(`${label}: container ports ${JSON.stringify(served.map((p) => p.containerPort))}, but ${process.name} listens on ${config.port}`);
  }
  const health = ports.find((p) => p.name === HEALTH_PORT_NAME);
  if (process.kind === "domain-service") {
    if (health === undefined) problems.push(`${label}: has no container port named ${HEALTH_PORT_NAME} (${process.name} serves plaintext grpc.health.v1 on ${config.healthPort})`);
    else if (health.containerPort !== config.healthPort) problems.push(`${label}: port ${HEALTH_PORT_NAME} is ${health.containerPort}, but ${process.name} serves plaintext health on ${config.healthPort}`);
    if (config.healthPort === config.port || config.healthPort === metricsPort) problems.push(`${label}: its health port ${config.healthPort} is also its gRPC or metrics port`);
  } else if (health !== undefined) {
    problems.push(`${label}: has a port named ${HEALTH_PORT_NAME}, but a BFF answers its probes on its HTTP port`);
  }
  const metrics = ports.find((p) => p.name === METRICS_PORT_NAME);
  if (metrics === undefined) problems.push(`${label}: has no container port named ${METRICS_PORT_NAME} (${process.name} serves /metrics on ${metricsPort})`);
  else if (metrics.containerPort !== metricsPort) problems.push(`${label}: port ${METRICS_PORT_NAME} is ${metrics.containerPort}, but ${process.name} serves /metrics on ${metricsPort}`);
  if (process.kind === "domain-service" && config.migrateOnStart !== false) problems.push(`${label}: migrates at start; the migration Job does that`);
  for (const name of PROBES) {
    const probe: Probe | undefined = container[name];
    if (probe === undefined) {
      problems.push(`${label}: has no ${name}`);
      continue;
    }
    if (process.kind === "domain-service") {
      if (probe.grpc === undefined) problems.push(`${label}: ${name} is not a gRPC health probe`);
      else if (probe.grpc.port === config.port) {
        problems.push(`${label}: ${name} asks port ${probe.grpc.port}, the mutual-TLS gRPC port, where the kubelet (no client certificate) is refused; ask the plaintext health port ${config.healthPort}`);
      } else if (probe.grpc.port !== config.healthPort) problems.push(`${label}: ${name} asks port ${probe.grpc.port}, ${process.name} serves health on ${config.healthPort}`);
    } else if (probe.httpGet === undefined) {
      problems.push(`${label}: ${name} is not an HTTP probe`);
    } else {
      const port = containerPort(container, probe.httpGet.port);
      if (port !== config.port) problems.push(`${label}: ${name} asks port ${probe.httpGet.port} (${port}), ${process.name} listens on ${config.port}`);
      if ((probe.httpGet.scheme ?? "HTTP") !== "HTTP") problems.push(`${label}: ${name} uses ${probe.httpGet.scheme}, the BFF serves plain HTTP`);
      if (probe.httpGet.path !== BFF_PROBE_PATHS[name]) problems.push(`${label}: ${name} asks ${probe.httpGet.path}, expected ${BFF_PROBE_PATHS[name]}`);
    }
  }
  problems.push(...shutdownProblems(analysed, config.shutdownGraceMs));
  return problems;
}

function heapProblems({ label, container, env }: AnalysedWorkload): string[] {
  const limit = memoryBytes(container?.resources?.limits?.memory);
  const heap = maxOldSpaceBytes(env.env.NODE_OPTIONS);
  if (heap === undefined) return [`${label}: NODE_OPTIONS sets no --max-old-space-size, so V8 sizes its heap from the node, not the container`];
  if (limit !== undefined && heap > limit * MAX_HEAP_SHARE_OF_LIMIT) {
    return [`${label}: --max-old-space-size is ${heap / 1024 ** 2} MiB, more than ${MAX_HEAP_SHARE_OF_LIMIT * 100}% of the ${container!.resources!.limits!.memory} limit`];
  }
  return [];
}

/** preStop keeps serving while endpoints drop; the grace period must cover it plus the drain. */
function shutdownProblems({ label, workload, container }: AnalysedWorkload, shutdownGraceMs: number): string[] {
  const preStop = container?.lifecycle?.preStop;
  const sleepCommand = preStop?.exec?.command;
  const preStopSeconds = preStop?.sleep?.seconds ?? (sleepCommand?.length === 2 && sleepCommand[0] === "sleep" ? Number(sleepCommand[1]) : undefined);
  if (preStopSeconds === undefined || !(preStopSeconds > 0)) return [`${label}: no preStop sleep, so SIGTERM can arrive while endpoints still route to the pod`];
  const grace = workload.pod.terminationGracePeriodSeconds ?? 30;
  if (grace * 1000 <= preStopSeconds * 1000 + shutdownGraceMs) {
    return [`${label}: terminationGracePeriodSeconds ${grace} does not cover preStop ${preStopSeconds} s + SHUTDOWN_GRACE_MS ${shutdownGraceMs}`];
  }
  return [];
}
