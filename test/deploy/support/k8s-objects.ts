/**
 * The few Kubernetes shapes the manifest test reads, typed as far as it reads them, and the
 * lookups it needs over a rendered overlay (a flat list of objects).
 */

export type Labels = Readonly<Record<string, string>>;

/** Any rendered object. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Labels };
  readonly [field: string]: unknown;
}

export interface Probe {
  readonly grpc?: { readonly port: number; readonly service?: string };
  readonly httpGet?: { readonly path: string; readonly port: number | string; readonly scheme?: string };
  readonly tcpSocket?: { readonly port: number | string };
  readonly exec?: unknown;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
    readonly fieldRef?: unknown;
    readonly resourceFieldRef?: unknown;
  };
}

export interface EnvFromSource {
  readonly prefix?: string;
  readonly configMapRef?: { readonly name: string };
  readonly secretRef?: { readonly name: string };
}

export interface ResourceList {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly privileged?: boolean;
  readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
  readonly seccompProfile?: { readonly type: string };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly resources?: { readonly requests?: ResourceList; readonly limits?: ResourceList };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: readonly VolumeMount[];
  readonly lifecycle?: {
    readonly preStop?: { readonly exec?: { readonly command: readonly string[] }; readonly sleep?: { readonly seconds: number } };
  };
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  /** Mounts one entry of the volume at mountPath instead of the whole volume. */
  readonly subPath?: string;
}

/** A pod volume, as far as the checks read it: an emptyDir, or a Secret's keys as files. */
export interface Volume {
  readonly name: string;
  readonly emptyDir?: object;
  readonly secret?: {
    readonly secretName: string;
    /** Only these keys, each at its own path; without it every key is a file named after it. */
    readonly items?: readonly { readonly key: string; readonly path: string; readonly mode?: number }[];
    /** File mode of every key (files are owned by root, group fsGroup). @default 0644 */
    readonly defaultMode?: number;
    readonly optional?: boolean;
  };
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly securityContext?: SecurityContext & { readonly runAsGroup?: number; readonly fsGroup?: number };
  readonly volumes?: readonly Volume[];
  readonly terminationGracePeriodSeconds?: number;
  readonly enableServiceLinks?: boolean;
  readonly automountServiceAccountToken?: boolean;
}

/** A Deployment or a Job: something that runs pods from a template. */
export interface Workload {
  readonly kind: "Deployment" | "Job";
  readonly name: string;
  /** Deployments only; undefined when the autoscaler owns the count. */
  readonly replicas: number | undefined;
  /** Deployments only: `spec.selector.matchLabels`. */
  readonly selector: Labels | undefined;
  readonly podLabels: Labels;
  readonly pod: PodSpec;
}

export interface ServiceObject {
  readonly name: string;
  readonly type: string;
  readonly clusterIP: string | undefined;
  readonly selector: Labels;
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly targetPort?: number | string }[];
}

/** A PodDisruptionBudget or HorizontalPodAutoscaler as far as it points at workloads. */
export interface BudgetObject {
  readonly name: string;
  readonly selector: Labels;
}

export interface AutoscalerObject {
  readonly apiVersion: string;
  readonly name: string;
  readonly target: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  readonly minReplicas: number | undefined;
  readonly maxReplicas: number;
  readonly metrics: readonly { readonly type: string; readonly resource?: { readonly name: string } }[];
}

// The rendered YAML is untyped; these readers pick fields by the shapes above.
const specOf = (object: K8sObject): any => (object as any).spec ?? {};

/** The objects of one kind. */
export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** Every Deployment and Job with its pod template. */
export function workloadsOf(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((object): object is K8sObject & { kind: Workload["kind"] } => object.kind === "Deployment" || object.kind === "Job")
    .map((object) => {
      const spec = specOf(object);
      return {
        kind: object.kind,
        name: object.metadata.name,
        replicas: object.kind === "Deployment" ? spec.replicas : undefined,
        selector: object.kind === "Deployment" ? (spec.selector?.matchLabels ?? {}) : undefined,
        podLabels: spec.template?.metadata?.labels ?? {},
        pod: spec.template?.spec ?? { containers: [] },
      };
    });
}

export function servicesOf(objects: readonly K8sObject[]): ServiceObject[] {
  return ofKind(objects, "Service").map((object) => {
    const spec = specOf(object);
    return { name: object.metadata.name, type: spec.type ?? "ClusterIP", clusterIP: spec.clusterIP, selector: spec.selector ?? {}, ports: spec.ports ?? [] };
  });
}

export function budgetsOf(objects: readonly K8sObject[]): BudgetObject[] {
  return ofKind(objects, "PodDisruptionBudget").map((object) => ({ name: object.metadata.name, selector: specOf(object).selector?.matchLabels ?? {} }));
}

export function autoscalersOf(objects: readonly K8sObject[]): AutoscalerObject[] {
  return ofKind(objects, "HorizontalPodAutoscaler").map((object) => {
    const spec = specOf(object);
    return {
      apiVersion: object.apiVersion,
      name: object.metadata.name,
      target: spec.scaleTargetRef ?? {},
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: spec.metrics ?? [],
    };
  });
}

/** The string data of a rendered ConfigMap or Secret (Secret `data` is base64), or undefined when absent. */
export function dataOf(objects: readonly K8sObject[], kind: "ConfigMap" | "Secret", name: string): Readonly<Record<string, string>> | undefined {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name) as any;
  if (object === undefined) return undefined;
  const decoded = Object.fromEntries(Object.entries<string>(object.data ?? {}).map(([key, value]) => [key, kind === "Secret" ? Buffer.from(value, "base64").toString("utf8") : value]));
  return { ...decoded, ...(object.stringData ?? {}) };
}

/** True when every label of `selector` is on `labels` (an empty selector selects nothing here). */
export function selects(selector: Labels, labels: Labels): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** The container port a probe or Service port names (by number or by port name), if the container has it. */
export function containerPort(container: Container, port: number | string | undefined): number | undefined {
  const ports = container.ports ?? [];
  const found = typeof port === "number" ? ports.find((p) => p.containerPort === port) : ports.find((p) => p.name === port);
  return found?.containerPort;
}
