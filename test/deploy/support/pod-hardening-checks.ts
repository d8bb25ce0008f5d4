import type { AnalysedWorkload, ManifestAnalysis } from "./manifest-analysis.js";
import { cpuMillis, memoryBytes } from "./quantities.js";

/**
 * Every pod as the restricted Pod Security Standard wants it, and then some: non-root uid 1000, no
 * privilege escalation, read-only root filesystem with /tmp on an emptyDir, no capabilities,
 * seccomp RuntimeDefault, no service token, no service-link variables; requests and limits for CPU
 * and memory; one image for all five processes, with a tag.
 */

/** The uid of the image's `node` user. */
export const IMAGE_UID = 1000;

export function hardeningProblems({ label, workload, container }: AnalysedWorkload): string[] {
  if (container === undefined) return [];
  const problems: string[] = [];
  const pod = workload.pod.securityContext ?? {};
  const own = container.securityContext ?? {};
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${label}: runAsNonRoot is not set`);
  if ((own.runAsUser ?? pod.runAsUser) !== IMAGE_UID) problems.push(`${label}: runs as uid ${own.runAsUser ?? pod.runAsUser}, not ${IMAGE_UID}`);
  if (own.allowPrivilegeEscalation !== false) problems.push(`${label}: allowPrivilegeEscalation is not false`);
  if (own.privileged === true) problems.push(`${label}: is privileged`);
  if (own.readOnlyRootFilesystem !== true) problems.push(`${label}: the root filesystem is writable`);
  if (!(own.capabilities?.drop ?? []).includes("ALL")) problems.push(`${label}: does not drop ALL capabilities`);
  if ((own.capabilities?.add ?? []).length > 0) problems.push(`${label}: adds capabilities ${own.capabilities!.add!.join(", ")}`);
  if ((own.seccompProfile ?? pod.seccompProfile)?.type !== "RuntimeDefault") problems.push(`${label}: seccomp profile is not RuntimeDefault`);
  const tmp = container.volumeMounts?.find((mount) => mount.mountPath === "/tmp");
  const volume = workload.pod.volumes?.find((candidate) => candidate.name === tmp?.name);
  if (volume?.emptyDir === undefined) problems.push(`${label}: /tmp is not an emptyDir (the root filesystem is read-only)`);
  if (workload.pod.enableServiceLinks !== false) problems.push(`${label}: enableServiceLinks is not false (Docker-link variables like <SERVICE>_PORT collide with config keys)`);
  if (workload.pod.automountServiceAccountToken !== false) problems.push(`${label}: mounts a service account token it never uses`);

  const { requests, limits } = container.resources ?? {};
  for (const [name, read] of [["cpu", cpuMillis], ["memory", memoryBytes]] as const) {
    const request = read(requests?.[name]);
    const limit = read(limits?.[name]);
    if (request === undefined) problems.push(`${label}: no ${name} request`);
    if (limit === undefined) problems.push(`${label}: no ${name} limit`);
    if (request !== undefined && limit !== undefined && request > limit) problems.push(`${label}: ${name} request ${requests![name]} exceeds its limit ${limits![name]}`);
  }
  return problems;
}

/** All five processes and their migrations run one image (one build, one scan, one tag). */
export function imageProblems(analysis: ManifestAnalysis): string[] {
  const images = new Set(analysis.workloads.flatMap((w) => (w.container === undefined ? [] : [w.container.image])));
  if (images.size !== 1) return [`expected one image for every container, found ${[...images].join(", ")}`];
  const [image] = images;
  const tag = /:([^/:@]+)(@sha256:[0-9a-f]+)?$/.exec(image!)?.[1];
  if (tag === undefined || tag === "latest") return [`image ${image} has no release tag (set it in the overlay's images:)`];
  return [];
}
