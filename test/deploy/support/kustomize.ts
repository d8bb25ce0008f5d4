import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import type { K8sObject } from "./k8s-objects.js";

/**
 * Why `kubectl kustomize` cannot run here, or undefined when it can. The manifest tests skip with
 * this reason instead of failing on a machine without kubectl.
 */
export function kustomizeUnavailableReason(): string | undefined {
  const probe = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8", timeout: 20_000 });
  if (probe.error !== undefined) return `kubectl is not installed or not on PATH (${probe.error.message})`;
  if (probe.status !== 0) return `\`kubectl version --client\` exited ${probe.status}: ${probe.stderr.trim()}`;
  return undefined;
}

/** Renders a kustomization folder with `kubectl kustomize` and parses every YAML document it prints. */
export function renderKustomization(dir: string): K8sObject[] {
  const rendered = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (rendered.error !== undefined) throw rendered.error;
  if (rendered.status !== 0) throw new Error(`kubectl kustomize ${dir} exited ${rendered.status}: ${rendered.stderr.trim()}`);
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(rendered.stdout)) {
    if (document.errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed invalid YAML: ${document.errors[0]!.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const object = value as Partial<K8sObject>;
    if (typeof object.kind !== "string" || typeof object.metadata?.name !== "string") {
      throw new Error(`kubectl kustomize ${dir} printed a document without kind or metadata.name: ${JSON.stringify(value).slice(0, 200)}`);
    }
    objects.push(object as K8sObject);
  }
  return objects;
}
