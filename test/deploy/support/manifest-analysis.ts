import { containerEnv, type ContainerEnv, type OutOfBandSecrets } from "./container-env.js";
import { workloadsOf, type Container, type K8sObject, type Workload } from "./k8s-objects.js";
import { entryOfCommand, type LoadedProcessConfig, type ProcessEntry } from "./shop-processes.js";

/**
 * A rendered overlay read once for every check: each Deployment and Job with its container, the
 * process its command starts, its environment, and that process's configuration as its own loader
 * reads that environment.
 */

export interface AnalysedWorkload {
  readonly workload: Workload;
  /** `Deployment users`, `Job users-migrate`: how problems name it. */
  readonly label: string;
  /** The pod's one container (undefined when it has none). */
  readonly container: Container | undefined;
  /** What the container's command runs; undefined when it is not a built entry of the five packages. */
  readonly entry: ProcessEntry | undefined;
  readonly env: ContainerEnv;
  /** The loaded configuration; undefined when the loader threw (see `configError`) or there is no entry. */
  readonly config: LoadedProcessConfig | undefined;
  readonly configError: string | undefined;
}

export interface ManifestAnalysis {
  readonly objects: readonly K8sObject[];
  /** The namespace the overlay puts everything in (undefined when none). */
  readonly namespace: string | undefined;
  readonly workloads: readonly AnalysedWorkload[];
}

export function analyseManifests(objects: readonly K8sObject[], outOfBand: OutOfBandSecrets): ManifestAnalysis {
  const workloads = workloadsOf(objects).map((workload): AnalysedWorkload => {
    const container = workload.pod.containers[0];
    const entry = entryOfCommand(container?.command);
    const env = container === undefined ? { env: {}, outOfBandKeys: [], problems: [] } : containerEnv(container, objects, outOfBand);
    let config: LoadedProcessConfig | undefined;
    let configError: string | undefined;
    if (entry !== undefined) {
      try {
        config = entry.process.load(env.env);
      } catch (error) {
        configError = error instanceof Error ? error.message : String(error);
      }
    }
    return { workload, label: `${workload.kind} ${workload.name}`, container, entry, env, config, configError };
  });
  return { objects, namespace: objects.find((object) => object.metadata.namespace !== undefined)?.metadata.namespace, workloads };
}

/** The Deployment whose container runs `<process>`'s server. */
export function serverOf(analysis: ManifestAnalysis, processName: string): AnalysedWorkload | undefined {
  return analysis.workloads.find((w) => w.workload.kind === "Deployment" && w.entry?.entry === "main" && w.entry.process.name === processName);
}
