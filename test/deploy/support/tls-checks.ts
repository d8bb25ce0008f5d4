import { grpcTlsConfigSpec } from "@shop/grpc-runtime";
import type { OutOfBandSecrets } from "./container-env.js";
import { dataOf } from "./k8s-objects.js";
import type { AnalysedWorkload, ManifestAnalysis } from "./manifest-analysis.js";
import { mountOfPath, TLS_SECRET_KEYS, tlsSecretOf, type SecretMount } from "./mounted-secrets.js";
import { IMAGE_UID } from "./pod-hardening-checks.js";

/**
 * Transport trust in the manifests (mutual TLS between every process): each server mounts its own
 * Secret `shop-tls-<process>` read-only, the `GRPC_TLS_*_FILE` keys name that Secret's `ca.crt`,
 * `tls.crt` and `tls.key` at the mount, the key file is readable by the process's uid and nobody
 * else, and the identity the server then presents (its certificate's CN, loaded from stand-in
 * files as main.ts loads them) is the process it runs. A migration Job serves and calls nothing,
 * so it holds no key at all. Every Secret mounted exists in the manifests or out of band.
 */

const SPEC = grpcTlsConfigSpec();
/** Each `GRPC_TLS_*_FILE` key and the Secret key it must name. */
const TLS_FILE_KEYS = [
  [SPEC.grpcTlsCaFile.env, TLS_SECRET_KEYS.ca],
  [SPEC.grpcTlsCertFile.env, TLS_SECRET_KEYS.cert],
  [SPEC.grpcTlsKeyFile.env, TLS_SECRET_KEYS.key],
] as const;

const octal = (mode: number): string => `0${mode.toString(8)}`;

export function tlsProblems(analysed: AnalysedWorkload, analysis: ManifestAnalysis, outOfBand: OutOfBandSecrets): string[] {
  const { label, entry, secretMounts } = analysed;
  if (entry === undefined || analysed.container === undefined) return [];
  const problems: string[] = [];
  for (const mount of secretMounts) {
    if (dataOf(analysis.objects, "Secret", mount.secretName) === undefined && !outOfBand.names.has(mount.secretName)) {
      problems.push(`${label}: mounts Secret ${mount.secretName}, which is neither in the manifests nor among the Secrets created out of band`);
    }
  }
  const tlsMounts = secretMounts.filter((mount) => mount.secretName.startsWith(tlsSecretOf("")));
  if (entry.entry === "migrate-command") {
    for (const mount of tlsMounts) problems.push(`${label}: mounts Secret ${mount.secretName}, but migrations neither serve nor call gRPC: no private key belongs in this pod`);
    return problems;
  }

  const identity = entry.process.name;
  const own = tlsSecretOf(identity);
  for (const mount of tlsMounts.filter((m) => m.secretName !== own)) {
    problems.push(`${label}: mounts Secret ${mount.secretName}, another process's identity (it runs ${identity}, whose Secret is ${own})`);
  }
  const ownMount = tlsMounts.find((m) => m.secretName === own);
  if (ownMount === undefined) problems.push(`${label}: does not mount its TLS Secret ${own}`);
  else problems.push(...ownMountProblems(analysed, ownMount));

  for (const [envKey, secretKey] of TLS_FILE_KEYS) {
    const path = analysed.podEnv[envKey];
    if (path === undefined) {
      problems.push(`${label}: ${envKey} is not set (mTLS needs ${TLS_FILE_KEYS.map(([key]) => key).join(", ")})`);
      continue;
    }
    const under = mountOfPath(secretMounts, path);
    if (under === undefined) {
      problems.push(`${label}: ${envKey}=${path} is under no Secret the container mounts`);
      continue;
    }
    const shown = under.mount.keyAt(under.relativePath);
    if (under.mount.secretName !== own) problems.push(`${label}: ${envKey} reads Secret ${under.mount.secretName}, not its own ${own}`);
    if (shown !== secretKey) {
      problems.push(`${label}: ${envKey}=${path} is ${shown === undefined ? "no key" : `key ${shown}`} of Secret ${under.mount.secretName}; expected ${secretKey}`);
    }
  }

  // The files as the process reads them (stand-ins of the mounted Secret): the trust main.ts builds.
  if (analysed.trustError !== undefined) problems.push(`${label}: its gRPC trust does not load from the mounted files: ${analysed.trustError}`);
  else if (analysed.trust?.mode === "insecure") problems.push(`${label}: speaks plaintext gRPC (GRPC_INSECURE)`);
  else if (analysed.trust !== undefined && analysed.trust.identity.name !== identity) {
    problems.push(`${label}: presents itself as ${analysed.trust.identity.name} (its certificate's CN), but runs ${identity}`);
  }
  return problems;
}

/** The mount of a workload's own TLS Secret: read-only, always there, the key readable by the process and only by it. */
function ownMountProblems({ label, workload }: AnalysedWorkload, mount: SecretMount): string[] {
  const problems: string[] = [];
  if (!mount.readOnly) problems.push(`${label}: mounts ${mount.secretName} writable; mount it readOnly`);
  if (mount.optional) problems.push(`${label}: its Secret ${mount.secretName} is optional, so a pod could start without its identity`);
  // Secret files are owned by root with group fsGroup: uid 1000 reads them through the group bits
  // (with fsGroup 1000) or the bits for everyone.
  const mode = mount.modeOf(TLS_SECRET_KEYS.key);
  const groupReads = workload.pod.securityContext?.fsGroup === IMAGE_UID && (mode & 0o040) !== 0;
  if (!groupReads && (mode & 0o004) === 0) {
    problems.push(`${label}: ${TLS_SECRET_KEYS.key} of ${mount.secretName} is mode ${octal(mode)}, owned by root: uid ${IMAGE_UID} cannot read it (0440 with fsGroup ${IMAGE_UID})`);
  } else if ((mode & 0o004) !== 0) {
    problems.push(`${label}: ${TLS_SECRET_KEYS.key} of ${mount.secretName} is mode ${octal(mode)}, readable by every user of the container; 0440 with fsGroup ${IMAGE_UID} keeps it to the process`);
  }
  return problems;
}
