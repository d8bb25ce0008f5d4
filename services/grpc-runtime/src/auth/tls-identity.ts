import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Who this process is on the wire: its certificate (whose subject CN is its identity: "users",
 * "bff-web", "jobs"…), the matching private key and the CA it trusts for its peers. Loaded once at
 * start from PEM files and checked, so a wrong file fails the start with a clear message instead
 * of every handshake failing later.
 */
export interface TlsIdentity {
  /** The identity: the certificate's subject common name. */
  readonly name: string;
  /** PEM of the CA certificate(s) peers must be signed by (as grpc-js takes it). */
  readonly caPem: Buffer;
  /** PEM of this process's certificate (and any intermediates after it). */
  readonly certPem: Buffer;
  /** PEM of this process's private key. */
  readonly keyPem: Buffer;
  /** The private key, to sign end-user tokens with. */
  readonly privateKey: KeyObject;
  /** When the certificate stops being valid. */
  readonly notAfter: Date;
}

/** The three PEM files of a {@link TlsIdentity}. */
export interface TlsFiles {
  /** The CA certificate(s) (`GRPC_TLS_CA_FILE`). */
  readonly caFile: string;
  /** This process's certificate (`GRPC_TLS_CERT_FILE`). */
  readonly certFile: string;
  /** This process's private key, PEM, unencrypted (`GRPC_TLS_KEY_FILE`). */
  readonly keyFile: string;
}

/** Which of the three inputs a {@link TlsIdentityError} is about. */
export type TlsPart = "ca" | "cert" | "key";

/** A TLS file that cannot be used: says which one and why. */
export class TlsIdentityError extends Error {
  constructor(readonly part: TlsPart, problem: string) {
    super(problem);
    this.name = "TlsIdentityError";
  }
}

/** An identity (see {@link TlsIdentity}) names a process: lower-case letters, digits and dashes. */
export const IDENTITY_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Longest chain of intermediates followed from the certificate to the CA. */
const MAX_CHAIN = 4;

/** Reads and checks the PEM files of an identity (see {@link tlsIdentityFromPem}); a problem is a {@link TlsIdentityError}. */
export function loadTlsIdentity(files: TlsFiles, now: Date = new Date()): TlsIdentity {
  return tlsIdentityFromPem({ ca: readPart("ca", files.caFile), cert: readPart("cert", files.certFile), key: readPart("key", files.keyFile) }, now);
}

/**
 * Checks PEM texts and makes the identity of them: the CA file holds at least one certificate, the
 * certificate is signed by one of them (directly or through intermediates that follow it in its
 * file), neither is expired or not yet valid at `now`, the key is the certificate's, and the
 * certificate's CN is an identity name.
 */
export function tlsIdentityFromPem(pem: { readonly ca: string | Buffer; readonly cert: string | Buffer; readonly key: string | Buffer }, now: Date = new Date()): TlsIdentity {
  const cas = certificatesOf("ca", pem.ca);
  const [certificate, ...intermediates] = certificatesOf("cert", pem.cert) as [X509Certificate, ...X509Certificate[]];
  for (const ca of cas) checkValidity("ca", ca, now, "a CA certificate");
  checkValidity("cert", certificate, now, "the certificate");
  checkSignedBy(certificate, intermediates, cas, now);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem.key, format: "pem" });
  } catch {
    throw new TlsIdentityError("key", "is not an unencrypted PEM private key");
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new TlsIdentityError("key", "does not match the certificate's public key");
  const name = commonNameOf(certificate);
  if (name === undefined || !IDENTITY_NAME.test(name)) {
    throw new TlsIdentityError("cert", `subject common name must be the process identity (${IDENTITY_NAME}), got ${JSON.stringify(name ?? "")}`);
  }
  return {
    name,
    caPem: Buffer.from(pem.ca),
    certPem: Buffer.from(pem.cert),
    keyPem: Buffer.from(pem.key),
    privateKey,
    notAfter: new Date(certificate.validTo),
  };
}

/** The subject common name of `certificate` (the first CN), or undefined. */
export function commonNameOf(certificate: X509Certificate): string | undefined {
  for (const line of certificate.subject.split("\n")) {
    if (line.startsWith("CN=")) return line.slice(3);
  }
  return undefined;
}

function readPart(part: TlsPart, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new TlsIdentityError(part, `cannot read ${file} (${code})`);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificatesOf(part: TlsPart, pem: string | Buffer): X509Certificate[] {
  const blocks = String(pem).match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new TlsIdentityError(part, "holds no PEM certificate");
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new TlsIdentityError(part, `PEM certificate ${index + 1} does not parse`);
    }
  });
}

function checkValidity(part: TlsPart, certificate: X509Certificate, now: Date, what: string): void {
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (to.getTime() < now.getTime()) throw new TlsIdentityError(part, `${what} expired on ${to.toISOString()}`);
  if (from.getTime() > now.getTime()) throw new TlsIdentityError(part, `${what} is not valid before ${from.toISOString()}`);
}

/** Walks from `certificate` up through `intermediates` until one of `cas` signed the last step. */
function checkSignedBy(certificate: X509Certificate, intermediates: readonly X509Certificate[], cas: readonly X509Certificate[], now: Date): void {
  let current = certificate;
  for (let depth = 0; depth <= MAX_CHAIN; depth++) {
    if (cas.some((ca) => issued(ca, current))) return;
    const next = intermediates.find((candidate) => candidate !== current && issued(candidate, current));
    if (next === undefined) break;
    checkValidity("cert", next, now, "an intermediate certificate");
    current = next;
  }
  throw new TlsIdentityError("cert", "is not signed by a CA of the CA file");
}

function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}
