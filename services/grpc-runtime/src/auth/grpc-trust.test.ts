import { generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config/config-error.js";
import { describeConfig } from "../config/describe-config.js";
import { loadConfig } from "../config/load-config.js";
import { createDevPki, type DevPki } from "../testing/dev-pki.js";
import { grpcTrustConfigSpec, loadGrpcTrust, type GrpcTrustSettings } from "./grpc-trust.js";
import { tlsIdentityFromPem } from "./tls-identity.js";

let dir: string;
let pki: DevPki;
let otherPki: DevPki;
let expiredPki: DevPki;
let futurePki: DevPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "grpc-trust-test-"));
  [pki, otherPki, expiredPki, futurePki] = await Promise.all([
    createDevPki({ identities: ["users", "bff-web"], dir: join(dir, "pki") }),
    createDevPki({ identities: ["users"], dir: join(dir, "other") }),
    createDevPki({ identities: ["users"], notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }),
    createDevPki({ identities: ["users"], notBefore: new Date(Date.now() + 86_400_000), notAfter: new Date(Date.now() + 10 * 86_400_000) }),
  ]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a fresh file of the test folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const settingsFor = (files: { caFile: string; certFile: string; keyFile: string }): GrpcTrustSettings => ({
  grpcTlsCaFile: files.caFile,
  grpcTlsCertFile: files.certFile,
  grpcTlsKeyFile: files.keyFile,
  grpcInsecure: false,
});

/** The problems of the ConfigError `loadGrpcTrust(settings)` throws, as "ENV: problem" lines. */
function refusal(settings: GrpcTrustSettings): string[] {
  try {
    loadGrpcTrust(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.env}: ${p.problem}`);
  }
  throw new Error("the settings were accepted");
}

describe("loading a process's TLS identity", () => {
  it("when the three files of a development PKI are given, then the identity is its certificate's CN, with the default caller rules", () => {
    const trust = loadGrpcTrust(settingsFor(pki.files("bff-web")));
    expect(trust.mode).toBe("mtls");
    if (trust.mode !== "mtls") return;
    expect(trust.identity.name).toBe("bff-web");
    expect(trust.identity.privateKey.asymmetricKeyType).toBe("ec");
    expect(trust.identity.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(trust).toMatchObject({ privilegedCallers: ["jobs"], userAsserters: ["bff-web", "bff-mobile"] });
  });

  it("when a file cannot be read, then the error names its key and the file, not its content", () => {
    const missing = join(dir, "nowhere", "ca.pem");
    expect(refusal({ ...settingsFor(pki.files("users")), grpcTlsCaFile: missing })).toEqual([`GRPC_TLS_CA_FILE: cannot read ${missing} (ENOENT)`]);
    const locked = file("locked.key.pem", pki.identities["users"]!.keyPem);
    chmodSync(locked, 0o000);
    const lockedOut = process.getuid?.() !== 0;
    if (lockedOut) expect(refusal({ ...settingsFor(pki.files("users")), grpcTlsKeyFile: locked })).toEqual([`GRPC_TLS_KEY_FILE: cannot read ${locked} (EACCES)`]);
  });

  it("when a file is not PEM, then the error says which and why", () => {
    const files = pki.files("users");
    expect(refusal({ ...settingsFor(files), grpcTlsCaFile: file("ca.txt", "hello") })).toEqual(["GRPC_TLS_CA_FILE: holds no PEM certificate"]);
    expect(refusal({ ...settingsFor(files), grpcTlsCertFile: file("cert.txt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") })).toEqual([
      "GRPC_TLS_CERT_FILE: PEM certificate 1 does not parse",
    ]);
    expect(refusal({ ...settingsFor(files), grpcTlsKeyFile: files.certFile })).toEqual(["GRPC_TLS_KEY_FILE: is not an unencrypted PEM private key"]);
    const encrypted = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" });
    expect(refusal({ ...settingsFor(files), grpcTlsKeyFile: file("encrypted.key.pem", String(encrypted)) })).toEqual([
      "GRPC_TLS_KEY_FILE: is not an unencrypted PEM private key",
    ]);
  });

  it("when the certificate was signed by another CA, then it is refused as not signed by the configured one", () => {
    expect(refusal({ ...settingsFor(otherPki.files("users")), grpcTlsCaFile: pki.files("users").caFile })).toEqual([
      "GRPC_TLS_CERT_FILE: is not signed by a CA of the CA file",
    ]);
  });

  it("when the key is another process's, then it is refused as not matching the certificate", () => {
    expect(refusal({ ...settingsFor(pki.files("users")), grpcTlsKeyFile: pki.files("bff-web").keyFile })).toEqual([
      "GRPC_TLS_KEY_FILE: does not match the certificate's public key",
    ]);
  });

  it("when the certificate (or the CA) has expired or is not valid yet, then loading says so with the date", () => {
    const expired = expiredPki.identities["users"]!;
    expect(() => tlsIdentityFromPem({ ca: pki.caPem, cert: expired.certPem, key: expired.keyPem })).toThrow(/the certificate expired on \d{4}-/);
    expect(() => tlsIdentityFromPem({ ca: expiredPki.caPem, cert: expired.certPem, key: expired.keyPem })).toThrow(/a CA certificate expired on/);
    const future = futurePki.identities["users"]!;
    expect(() => tlsIdentityFromPem({ ca: futurePki.caPem, cert: future.certPem, key: future.keyPem })).toThrow(/is not valid before/);
  });

  it("when the CA file is a bundle holding the right CA among others, then the certificate verifies", () => {
    const users = pki.identities["users"]!;
    expect(tlsIdentityFromPem({ ca: `${otherPki.caPem}\n${pki.caPem}`, cert: users.certPem, key: users.keyPem }).name).toBe("users");
  });

  it("when only some of the three files are set, then the missing ones are named", () => {
    const files = pki.files("users");
    expect(refusal({ grpcTlsCertFile: files.certFile, grpcInsecure: false })).toEqual([
      "GRPC_TLS_CA_FILE: is required with GRPC_TLS_CERT_FILE (mTLS needs the CA, the certificate and the key)",
      "GRPC_TLS_KEY_FILE: is required with GRPC_TLS_CERT_FILE (mTLS needs the CA, the certificate and the key)",
    ]);
  });

  it("when neither the files nor GRPC_INSECURE=true are set, then plaintext is not chosen silently: the error names the keys", () => {
    const [problem] = refusal({ grpcInsecure: false });
    expect(problem).toMatch(/GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are not set: set them for mTLS, or set GRPC_INSECURE=true/);
  });

  it("when GRPC_INSECURE=true alone, then the trust is plaintext; with the files as well, the ambiguity is refused", () => {
    expect(loadGrpcTrust({ grpcInsecure: true, grpcPrivilegedCallers: ["nightly"], grpcUserAsserters: [] })).toEqual({
      mode: "insecure",
      privilegedCallers: ["nightly"],
      userAsserters: [],
    });
    expect(refusal({ ...settingsFor(pki.files("users")), grpcInsecure: true })).toEqual([
      "GRPC_INSECURE: is true while GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are set: choose mTLS or plaintext",
    ]);
  });
});

describe("the trust keys", () => {
  const spec = grpcTrustConfigSpec();

  it("when nothing is set outside production, then the keys parse to no files, plaintext off and the default caller rules", () => {
    expect(loadConfig(spec, {})).toEqual({
      grpcTlsCaFile: undefined,
      grpcTlsCertFile: undefined,
      grpcTlsKeyFile: undefined,
      grpcInsecure: false,
      grpcPrivilegedCallers: ["jobs"],
      grpcUserAsserters: ["bff-web", "bff-mobile"],
    });
  });

  it("when NODE_ENV=production, then the three files are required and GRPC_INSECURE=true is refused", () => {
    let message = "";
    try {
      loadConfig(spec, { NODE_ENV: "production", GRPC_INSECURE: "true" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/GRPC_TLS_CA_FILE \(grpcTlsCaFile\): is required when NODE_ENV=production/);
    expect(message).toMatch(/GRPC_TLS_CERT_FILE/);
    expect(message).toMatch(/GRPC_TLS_KEY_FILE/);
    expect(message).toMatch(/GRPC_INSECURE \(grpcInsecure\): must not be true when NODE_ENV=production \(plaintext gRPC trusts anyone/);
    const files = pki.files("users");
    expect(loadConfig(spec, { NODE_ENV: "production", GRPC_TLS_CA_FILE: files.caFile, GRPC_TLS_CERT_FILE: files.certFile, GRPC_TLS_KEY_FILE: files.keyFile }).grpcInsecure).toBe(false);
  });

  it("when a caller list holds something that is not an identity name, then the key is named", () => {
    expect(() => loadConfig(spec, { GRPC_PRIVILEGED_CALLERS: "jobs,Robert'); DROP" })).toThrow(/GRPC_PRIVILEGED_CALLERS .*item 1/);
    expect(loadConfig(spec, { GRPC_USER_ASSERTERS: "bff-web" }).grpcUserAsserters).toEqual(["bff-web"]);
  });

  it("when the keys are described, then the table says what production requires and refuses", () => {
    const table = describeConfig(spec);
    expect(table).toMatch(/`GRPC_TLS_CA_FILE` .*\*\*required\*\* in production/);
    expect(table).toMatch(/`GRPC_INSECURE` .*`false`; `true` refused in production/);
  });
});
