import { ofKind, type K8sObject } from "./k8s-objects.js";
import type { ManifestAnalysis } from "./manifest-analysis.js";
import { tlsSecretOf } from "./mounted-secrets.js";

/**
 * deploy/k8s/cert-manager (rendered) against an overlay that mounts the TLS Secrets it issues: one
 * Certificate per mounted `shop-tls-<process>`, whose commonName is that process (its identity),
 * whose dnsNames hold every name a client dials it by (the host of each `dns:///…` target, plus
 * the in-namespace and `.svc` forms), usable as server and client certificate, ECDSA P-256, in the
 * overlay's namespace; and all of them issued by one CA Issuer whose CA certificate comes from a
 * self-signed Issuer, so every process trusts the same `ca.crt`.
 */

/** The usages every process certificate needs: it signs (TLS, user tokens), serves and calls. */
export const REQUIRED_USAGES = ["digital signature", "server auth", "client auth"] as const;

const DNS_TARGET_HOST = /^dns:\/\/\/([^:/]+):\d+$/;

const specOf = (object: K8sObject): any => (object as any).spec ?? {};

export function certManagerProblems(pki: readonly K8sObject[], overlay: ManifestAnalysis): string[] {
  const problems: string[] = [];
  const certificates = ofKind(pki, "Certificate");
  const issuers = ofKind(pki, "Issuer");
  const namespace = overlay.namespace;
  for (const object of [...certificates, ...issuers]) {
    if (object.metadata.namespace !== namespace) problems.push(`${object.kind} ${object.metadata.name}: namespace ${object.metadata.namespace}, the overlay deploys to ${namespace}`);
  }
  const issuerNamed = (name: string | undefined) => issuers.find((issuer) => issuer.metadata.name === name);

  // The chain: a CA Issuer, its CA Certificate, and the self-signed Issuer of that.
  const caIssuers = new Set<string>();
  for (const issuer of issuers.filter((candidate) => specOf(candidate).ca !== undefined)) {
    const what = `Issuer ${issuer.metadata.name}`;
    const caCertificate = certificates.find((certificate) => specOf(certificate).secretName === specOf(issuer).ca.secretName);
    if (caCertificate === undefined) {
      problems.push(`${what}: its CA Secret ${specOf(issuer).ca.secretName} is issued by no Certificate here`);
      continue;
    }
    if (specOf(caCertificate).isCA !== true) problems.push(`${what}: Certificate ${caCertificate.metadata.name} is not a CA (isCA)`);
    const root = issuerNamed(specOf(caCertificate).issuerRef?.name);
    if (specOf(caCertificate).issuerRef?.kind !== "Issuer" || root === undefined || specOf(root).selfSigned === undefined) {
      problems.push(`${what}: Certificate ${caCertificate.metadata.name} is not issued by a self-signed Issuer here`);
    }
    caIssuers.add(issuer.metadata.name);
  }
  if (caIssuers.size !== 1) problems.push(`${caIssuers.size} CA Issuers; every process must trust one CA`);

  // The names clients dial each process by.
  const dialled = new Map<string, Set<string>>();
  for (const { config } of overlay.workloads) {
    for (const [service, targets] of Object.entries(config?.targets ?? {})) {
      for (const target of targets ?? []) {
        const host = DNS_TARGET_HOST.exec(target)?.[1];
        if (host !== undefined) dialled.set(service, new Set([...(dialled.get(service) ?? []), host]));
      }
    }
  }

  const mounted = new Map<string, string>();
  for (const { workload, entry, secretMounts } of overlay.workloads) {
    if (workload.kind !== "Deployment" || entry === undefined) continue;
    const own = secretMounts.find((mount) => mount.secretName === tlsSecretOf(entry.process.name));
    if (own !== undefined) mounted.set(own.secretName, entry.process.name);
  }
  for (const [secretName, identity] of mounted) {
    const issuing = certificates.filter((certificate) => specOf(certificate).secretName === secretName);
    if (issuing.length !== 1) {
      problems.push(`Secret ${secretName} (mounted by ${identity}): issued by ${issuing.length} Certificates; expected one`);
      continue;
    }
    const certificate = issuing[0]!;
    const spec = specOf(certificate);
    const what = `Certificate ${certificate.metadata.name}`;
    if (spec.commonName !== identity) problems.push(`${what}: commonName ${spec.commonName}, but ${identity} mounts it (the CN is its identity)`);
    const names = new Set<string>(spec.dnsNames ?? []);
    const needed = [identity, `${identity}.${namespace}`, `${identity}.${namespace}.svc`, ...(dialled.get(identity) ?? [])];
    const missing = [...new Set(needed)].filter((name) => !names.has(name));
    if (missing.length > 0) problems.push(`${what}: dnsNames lack ${missing.join(", ")}, names clients dial ${identity} by`);
    const usages = new Set<string>(spec.usages ?? []);
    const lacking = REQUIRED_USAGES.filter((usage) => !usages.has(usage));
    if (lacking.length > 0) problems.push(`${what}: usages lack ${lacking.join(", ")}`);
    if (spec.privateKey?.algorithm !== "ECDSA" || spec.privateKey?.size !== 256) {
      problems.push(`${what}: key ${spec.privateKey?.algorithm ?? "RSA (cert-manager's default)"} ${spec.privateKey?.size ?? ""}; expected ECDSA 256`);
    }
    if (spec.isCA === true) problems.push(`${what}: a process certificate must not be a CA`);
    if (spec.issuerRef?.kind !== "Issuer" || !caIssuers.has(spec.issuerRef?.name)) problems.push(`${what}: not issued by the CA Issuer of this folder`);
  }
  return problems;
}
