import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevPki } from "@shop/grpc-runtime/testing";
import type { Container, PodSpec } from "./k8s-objects.js";

/**
 * The Secrets a container sees as files, and how the manifest test stands in for them: a path under
 * a Secret's mount is rewritten to a local file holding that Secret's key, so the processes' own
 * loaders read real files (certificates from a throwaway dev PKI) where the pod would read the
 * mounted ones.
 */

/** One Secret volume mounted into a container. */
export interface SecretMount {
  readonly volumeName: string;
  readonly secretName: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  /** True when the pod may start without the Secret (`optional: true`). */
  readonly optional: boolean;
  /** The file mode of `key` in the volume (files are owned by root, group fsGroup). */
  modeOf(key: string): number;
  /** The Secret key a path below the mount shows, or undefined when none does (`items` leave it out). */
  keyAt(relativePath: string): string | undefined;
}

/** Kubernetes' default mode of a Secret volume's files. */
const DEFAULT_SECRET_MODE = 0o644;

/** Every whole Secret volume the container mounts (a `subPath` mount is one file, not a folder: left out). */
export function secretMountsOf(pod: PodSpec, container: Container): SecretMount[] {
  return (container.volumeMounts ?? []).flatMap((mount): SecretMount[] => {
    const secret = pod.volumes?.find((volume) => volume.name === mount.name)?.secret;
    if (secret === undefined || mount.subPath !== undefined) return [];
    const items = secret.items;
    return [
      {
        volumeName: mount.name,
        secretName: secret.secretName,
        mountPath: mount.mountPath.replace(/\/+$/, ""),
        readOnly: mount.readOnly === true,
        optional: secret.optional === true,
        modeOf: (key) => items?.find((item) => item.key === key)?.mode ?? secret.defaultMode ?? DEFAULT_SECRET_MODE,
        keyAt: (relativePath) => (items === undefined ? (relativePath.includes("/") ? undefined : relativePath) : items.find((item) => item.path === relativePath)?.key),
      },
    ];
  });
}

/** The Secret mount a container path lies under (the deepest one), and the path relative to it. */
export function mountOfPath(mounts: readonly SecretMount[], path: string): { readonly mount: SecretMount; readonly relativePath: string } | undefined {
  const found = mounts
    .filter((mount) => path.startsWith(`${mount.mountPath}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return found === undefined ? undefined : { mount: found, relativePath: path.slice(found.mountPath.length + 1) };
}

/** Local stand-ins for Secrets: a folder per Secret with one file per key. */
export interface SecretFiles {
  /** The local folder of `secretName`'s keys, or undefined when there is no stand-in for it. */
  dirOf(secretName: string): string | undefined;
}

export const NO_SECRET_FILES: SecretFiles = { dirOf: () => undefined };

/**
 * The environment with every value that names a file under a mounted Secret rewritten to the local
 * stand-in of that key. A path whose Secret has no stand-in, or whose key the volume leaves out,
 * is left as it is (so a loader that reads it fails, as the pod would).
 */
export function withSecretFiles(env: Readonly<Record<string, string>>, mounts: readonly SecretMount[], files: SecretFiles): Record<string, string> {
  const rewritten: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const under = mountOfPath(mounts, value);
    const dir = under === undefined ? undefined : files.dirOf(under.mount.secretName);
    const secretKey = under?.mount.keyAt(under.relativePath);
    rewritten[key] = dir !== undefined && secretKey !== undefined ? join(dir, secretKey) : value;
  }
  return rewritten;
}

/** The keys of a TLS Secret, as cert-manager's Certificate (and the kubernetes.io/tls type) write them. */
export const TLS_SECRET_KEYS = { ca: "ca.crt", cert: "tls.crt", key: "tls.key" } as const;

/** The TLS Secret of a process identity. */
export const tlsSecretOf = (identity: string): string => `shop-tls-${identity}`;

/** Stand-ins for the TLS Secrets of some identities, from one fresh dev CA; `remove()` deletes the files. */
export interface DevTlsSecrets extends SecretFiles {
  /** The CA certificate every stand-in's ca.crt holds. */
  readonly caPem: string;
  /** The stand-in files of one identity: `ca.crt`, `tls.crt`, `tls.key` paths. */
  filesOf(identity: string): { readonly ca: string; readonly cert: string; readonly key: string };
  remove(): void;
}

/**
 * Makes a dev PKI (`createDevPki`: one CA, one certificate per identity with CN = the identity) and
 * writes each identity's Secret `shop-tls-<identity>` as files, keys mode 0600.
 */
export async function createDevTlsSecrets(identities: readonly string[]): Promise<DevTlsSecrets> {
  const pki = await createDevPki({ identities });
  const root = mkdtempSync(join(tmpdir(), "shop-deploy-tls-"));
  const dirs = new Map<string, string>();
  for (const identity of identities) {
    const dir = join(root, tlsSecretOf(identity));
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, TLS_SECRET_KEYS.ca), pki.caPem);
    writeFileSync(join(dir, TLS_SECRET_KEYS.cert), pki.identities[identity]!.certPem);
    writeFileSync(join(dir, TLS_SECRET_KEYS.key), pki.identities[identity]!.keyPem, { mode: 0o600 });
    dirs.set(tlsSecretOf(identity), dir);
  }
  return {
    caPem: pki.caPem,
    dirOf: (secretName) => dirs.get(secretName),
    filesOf(identity) {
      const dir = dirs.get(tlsSecretOf(identity));
      if (dir === undefined) throw new Error(`no dev TLS Secret for ${identity}`);
      return { ca: join(dir, TLS_SECRET_KEYS.ca), cert: join(dir, TLS_SECRET_KEYS.cert), key: join(dir, TLS_SECRET_KEYS.key) };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
