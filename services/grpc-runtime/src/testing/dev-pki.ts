// A throwaway certificate authority for development and tests (never production: its CA key lives
// in memory for a moment and is gone). @peculiar/x509 needs the reflect-metadata polyfill loaded first.
import "reflect-metadata";
import { createPrivateKey, webcrypto } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";
import type { TlsFiles, TlsIdentity } from "../auth/tls-identity.js";
import { IDENTITY_NAME, tlsIdentityFromPem } from "../auth/tls-identity.js";

/** Options of {@link createDevPki}. */
export interface DevPkiOptions {
  /** One certificate per identity (its subject CN): "users", "catalog", "orders", "bff-web", "bff-mobile", "jobs"… */
  readonly identities: readonly string[];
  /** Also write the PEM files here (created if missing; keys mode 0600). @default in memory only */
  readonly dir?: string;
  /** Start of validity of every certificate. @default one minute ago (clock skew) */
  readonly notBefore?: Date;
  /** End of validity of every certificate. @default 30 days from now */
  readonly notAfter?: Date;
  /** Extra DNS names of an identity's certificate (beyond localhost, 127.0.0.1 and the identity itself). @default none */
  readonly extraDnsNames?: (identity: string) => readonly string[];
  /** Subject CN of the CA. @default "shop development CA" */
  readonly caName?: string;
}

/** PEM texts of one identity. */
export interface DevPkiIdentity {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A development CA and one certificate per identity, signed by it. */
export interface DevPki {
  /** PEM of the CA certificate (its key is not kept). */
  readonly caPem: string;
  /** PEM texts per identity. */
  readonly identities: Readonly<Record<string, DevPkiIdentity>>;
  /** The identity as a process loads it (`loadTlsIdentity` of its files). */
  tlsIdentity(name: string): TlsIdentity;
  /** Where the files of `name` are (`GRPC_TLS_CA_FILE`, `_CERT_FILE`, `_KEY_FILE`); only when created with `dir`. */
  files(name: string): TlsFiles;
  /** The environment that points a process at the files of `name` (`GRPC_TLS_CA_FILE`, `GRPC_TLS_CERT_FILE`, `GRPC_TLS_KEY_FILE`). */
  env(name: string): Record<string, string>;
}

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;

/**
 * Makes a fresh CA (ECDSA P-256) and one certificate per identity: subject `CN=<identity>`,
 * SANs `DNS:localhost`, `IP:127.0.0.1`, `DNS:<identity>` (plus `extraDnsNames`), usable as both
 * TLS server and client. With `dir`, writes `ca.pem`, `<identity>.pem` and `<identity>.key.pem`
 * there, keys readable by their owner only.
 */
export async function createDevPki(options: DevPkiOptions): Promise<DevPki> {
  for (const name of options.identities) {
    if (!IDENTITY_NAME.test(name)) throw new Error(`createDevPki: "${name}" is not an identity name (${IDENTITY_NAME.source})`);
  }
  const crypto = webcrypto as unknown as Crypto;
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 30 * 24 * 3600_000);
  const caKeys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=${escapeDn(options.caName ?? "shop development CA")}`,
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const identities: Record<string, DevPkiIdentity> = {};
  for (const name of options.identities) {
    const keys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
    const dnsNames = ["localhost", name, ...(options.extraDnsNames?.(name) ?? [])];
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: serial(),
        subject: `CN=${name}`,
        issuer: caCert.subject,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm: SIGNING,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
          new x509.SubjectAlternativeNameExtension([...dnsNames.map((value) => ({ type: "dns" as const, value })), { type: "ip", value: "127.0.0.1" }]),
          await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
    const keyPem = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ type: "pkcs8", format: "pem" }).toString();
    identities[name] = { certPem: cert.toString("pem"), keyPem };
  }
  const caPem = caCert.toString("pem");
  const written = options.dir === undefined ? undefined : writePki(options.dir, caPem, identities);
  const of = (name: string): DevPkiIdentity => {
    const identity = identities[name];
    if (identity === undefined) throw new Error(`createDevPki: no identity "${name}" (made: ${Object.keys(identities).join(", ")})`);
    return identity;
  };
  const filesOf = (name: string): TlsFiles => {
    of(name);
    if (written === undefined) throw new Error("createDevPki: created without `dir`, so there are no files");
    return written(name);
  };
  return {
    caPem,
    identities,
    tlsIdentity: (name) => tlsIdentityFromPem({ ca: caPem, cert: of(name).certPem, key: of(name).keyPem }),
    files: filesOf,
    env: (name) => {
      const files = filesOf(name);
      return { GRPC_TLS_CA_FILE: files.caFile, GRPC_TLS_CERT_FILE: files.certFile, GRPC_TLS_KEY_FILE: files.keyFile };
    },
  };
}

/** Writes the PEM files and says where each identity's are. */
function writePki(dir: string, caPem: string, identities: Readonly<Record<string, DevPkiIdentity>>): (name: string) => TlsFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, caPem, { mode: 0o644 });
  for (const [name, identity] of Object.entries(identities)) {
    writeFileSync(join(dir, `${name}.pem`), identity.certPem, { mode: 0o644 });
    const keyFile = join(dir, `${name}.key.pem`);
    writeFileSync(keyFile, identity.keyPem, { mode: 0o600 });
    // writeFileSync's mode applies only to a new file: a key left by an earlier run is tightened too.
    chmodSync(keyFile, 0o600);
  }
  return (name) => ({ caFile, certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key.pem`) });
}

/** A positive 16-byte serial number in hex (the top bit cleared: DER integers are signed). */
function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

function escapeDn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
}
