import { loadGrpcTrust, type GrpcTrust } from "@shop/grpc-runtime";
import { containerEnv, type ContainerEnv, type OutOfBandSecrets } from "./container-env.js";
import { workloadsOf, type Container, type K8sObject, type Workload } from "./k8s-objects.js";
import { NO_SECRET_FILES, secretMountsOf, withSecretFiles, type SecretFiles, type SecretMount } from "./mounted-secrets.js";
import { entryOfCommand, type LoadedProcessConfig, type ProcessEntry } from "./shop-processes.js";

/**
 * A rendered overlay read once for every check: each Deployment and Job with its container, the
 * process its command starts, its environment, and that process's configuration as its own loader
 * reads that environment. Paths under a mounted Secret are read from local stand-ins of that
 * Secret (`secretFiles`), so a server's gRPC trust is loaded from files as its main.ts does.
 */

/** What the analysis needs besides the rendered objects. */
export interface AnalysisOptions {
  /** Secrets the overlay expects to exist without rendering them. */
  readonly outOfBand: OutOfBandSecrets;
  /** Local files standing in for mounted Secrets. @default none: mounted paths are left as they are */
  readonly secretFiles?: SecretFiles;
}

export interface AnalysedWorkload {
  readonly workload: Workload;
  /** `Deployment users`, `Job users-migrate`: how problems name it. */
  readonly label: string;
  /** The pod's one container (undefined when it has none). */
  readonly container: Container | undefined;
  /** What the container's command runs; undefined when it is not a built entry of the five packages. */
  readonly entry: ProcessEntry | undefined;
  /** The container's environment; values under a mounted Secret point at its local stand-in when there is one. */
  readonly env: ContainerEnv;
  /** The environment as the pod sees it (paths under the Secrets' mount paths). */
  readonly podEnv: Readonly<Record<string, string>>;
  /** The Secret volumes the container mounts. */
  readonly secretMounts: readonly SecretMount[];
  /** The loaded configuration; undefined when the loader threw (see `configError`) or there is no entry. */
  readonly config: LoadedProcessConfig | undefined;
  readonly configError: string | undefined;
  /**
   * Servers only (a `main` entry): the gRPC trust its main.ts loads from the configured files
   * (`loadGrpcTrust`); undefined when it threw (see `trustError`) or for a migration Job, which reads no file.
   */
  readonly trust: GrpcTrust | undefined;
  readonly trustError: string | undefined;
}

export interface ManifestAnalysis {
  readonly objects: readonly K8sObject[];
  /** The namespace the overlay puts everything in (undefined when none). */
  readonly namespace: string | undefined;
  readonly workloads: readonly AnalysedWorkload[];
}

export function analyseManifests(objects: readonly K8sObject[], options: AnalysisOptions): ManifestAnalysis {
  const workloads = workloadsOf(objects).map((workload): AnalysedWorkload => {
    const container = workload.pod.containers[0];
    const entry = entryOfCommand(container?.command);
    const secretMounts = container === undefined ? [] : secretMountsOf(workload.pod, container);
    const declared = container === undefined ? { env: {}, outOfBandKeys: [], problems: [] } : containerEnv(container, objects, options.outOfBand);
    const env: ContainerEnv = { ...declared, env: withSecretFiles(declared.env, secretMounts, options.secretFiles ?? NO_SECRET_FILES) };
    let config: LoadedProcessConfig | undefined;
    let configError: string | undefined;
    if (entry !== undefined) {
      try {
        config = entry.process.load(env.env);
      } catch (error) {
        configError = error instanceof Error ? error.message : String(error);
      }
    }
    let trust: GrpcTrust | undefined;
    let trustError: string | undefined;
    if (config !== undefined && entry?.entry === "main") {
      try {
        trust = loadGrpcTrust(config.grpc);
      } catch (error) {
        trustError = error instanceof Error ? error.message : String(error);
      }
    }
    return { workload, label: `${workload.kind} ${workload.name}`, container, entry, env, podEnv: declared.env, secretMounts, config, configError, trust, trustError };
  });
  return { objects, namespace: objects.find((object) => object.metadata.namespace !== undefined)?.metadata.namespace, workloads };
}

/** The Deployment whose container runs `<process>`'s server. */
export function serverOf(analysis: ManifestAnalysis, processName: string): AnalysedWorkload | undefined {
  return analysis.workloads.find((w) => w.workload.kind === "Deployment" && w.entry?.entry === "main" && w.entry.process.name === processName);
}
