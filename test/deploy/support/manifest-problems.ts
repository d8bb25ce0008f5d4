import type { K8sObject } from "./k8s-objects.js";
import { analyseManifests, type AnalysisOptions, type ManifestAnalysis } from "./manifest-analysis.js";
import { hardeningProblems, imageProblems } from "./pod-hardening-checks.js";
import { processProblems } from "./process-checks.js";
import { tlsProblems } from "./tls-checks.js";
import { autoscalerProblems, migrationProblems, selectorProblems, serviceProblems, targetProblems } from "./wiring-checks.js";

/**
 * Everything the rendered manifests get wrong against the code, one sentence per problem (empty
 * when nothing is): the static checks (with the servers' TLS files loaded from stand-ins of the
 * mounted Secrets). Whether the probes' gRPC service names and HTTP paths are really answered is
 * asked of the running servers (live-health.ts).
 */
export function manifestProblems(objects: readonly K8sObject[], options: AnalysisOptions & { readonly repoRoot: string }): string[] {
  const analysis: ManifestAnalysis = analyseManifests(objects, options);
  return [
    ...analysis.workloads.flatMap((workload) => processProblems(workload, options.repoRoot)),
    ...analysis.workloads.flatMap(hardeningProblems),
    ...analysis.workloads.flatMap((workload) => tlsProblems(workload, analysis, options.outOfBand)),
    ...imageProblems(analysis),
    ...selectorProblems(analysis),
    ...serviceProblems(analysis),
    ...targetProblems(analysis),
    ...migrationProblems(analysis),
    ...autoscalerProblems(analysis),
  ];
}
