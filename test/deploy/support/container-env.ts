import { dataOf, type Container, type K8sObject } from "./k8s-objects.js";

/**
 * The environment a container starts with, as the kubelet would build it from the rendered
 * objects: `envFrom` sources in order, then `env` entries (which win). A Secret that is created out
 * of band (prod) is not rendered; its keys get placeholder values instead.
 */

/** Secrets that exist in the cluster but not in the rendered manifests. */
export interface OutOfBandSecrets {
  readonly names: ReadonlySet<string>;
  /** A valid stand-in value for one of their keys. */
  placeholder(key: string): string;
}

export const NO_OUT_OF_BAND_SECRETS: OutOfBandSecrets = { names: new Set(), placeholder: (key) => `no placeholder for ${key}` };

export interface ContainerEnv {
  readonly env: Readonly<Record<string, string>>;
  /** Keys taken from out-of-band Secrets, as `secret/key`. */
  readonly outOfBandKeys: readonly string[];
  /** References that cannot be resolved (missing ConfigMap, Secret or key). */
  readonly problems: readonly string[];
}

export function containerEnv(container: Container, objects: readonly K8sObject[], outOfBand: OutOfBandSecrets): ContainerEnv {
  const env: Record<string, string> = {};
  const outOfBandKeys: string[] = [];
  const problems: string[] = [];
  const where = `container ${container.name}`;

  const source = (kind: "ConfigMap" | "Secret", name: string): Readonly<Record<string, string>> | undefined => {
    const data = dataOf(objects, kind, name);
    if (data === undefined && !(kind === "Secret" && outOfBand.names.has(name))) problems.push(`${where}: ${kind} ${name} is not in the manifests`);
    return data;
  };
  const valueOf = (kind: "ConfigMap" | "Secret", name: string, key: string): string | undefined => {
    if (kind === "Secret" && outOfBand.names.has(name) && dataOf(objects, kind, name) === undefined) {
      outOfBandKeys.push(`${name}/${key}`);
      return outOfBand.placeholder(key);
    }
    const data = source(kind, name);
    if (data !== undefined && data[key] === undefined) problems.push(`${where}: ${kind} ${name} has no key ${key}`);
    return data?.[key];
  };

  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef !== undefined ? "ConfigMap" : "Secret";
    const name = (from.configMapRef ?? from.secretRef)!.name;
    if (kind === "Secret" && outOfBand.names.has(name) && dataOf(objects, kind, name) === undefined) {
      problems.push(`${where}: envFrom the out-of-band Secret ${name} hides which keys it expects; name each key with secretKeyRef`);
      continue;
    }
    for (const [key, value] of Object.entries(source(kind, name) ?? {})) env[`${from.prefix ?? ""}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom;
    let value: string | undefined;
    if (ref === undefined) value = variable.value ?? "";
    else if (ref.configMapKeyRef !== undefined) value = valueOf("ConfigMap", ref.configMapKeyRef.name, ref.configMapKeyRef.key);
    else if (ref.secretKeyRef !== undefined) value = valueOf("Secret", ref.secretKeyRef.name, ref.secretKeyRef.key);
    else problems.push(`${where}: ${variable.name} comes from a field or resource reference, which this check cannot resolve`);
    if (value !== undefined) env[variable.name] = value;
  }
  return { env, outOfBandKeys, problems };
}
