import type { OutOfBandSecrets } from "./container-env.js";
import type { K8sObject } from "./k8s-objects.js";
import { analyseManifests, type ManifestAnalysis } from "./manifest-analysis.js";
import { hardeningProblems, imageProblems } from "./pod-hardening-checks.js";
import { processProblems } from "./process-checks.js";
import { autoscalerProblems, migrationProblems, selectorProblems, serviceProblems, targetProblems } from "./wiring-checks.js";

/**
 * Everything the rendered manifests get wrong against the code, one sentence per problem (empty
 * when nothing is): the static checks. Whether the probes' gRPC service names and HTTP paths are
 * really answered is asked of the running servers (live-health.ts).
 */
export function manifestProblems(objects: readonly K8sObject[], options: { readonly repoRoot: string; readonly outOfBand: OutOfBandSecrets }): string[] {
  const analysis: ManifestAnalysis = analyseManifests(objects, options.outOfBand);
  return [
    ...analysis.workloads.flatMap((workload) => processProblems(workload, options.repoRoot)),
    ...analysis.workloads.flatMap(hardeningProblems),
    ...imageProblems(analysis),
    ...selectorProblems(analysis),
    ...serviceProblems(analysis),
    ...targetProblems(analysis),
    ...migrationProblems(analysis),
    ...autoscalerProblems(analysis),
  ];
}
