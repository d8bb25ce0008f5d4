import { ConfigError } from "../config/config-error.js";
import { bool, list, str, type Parser } from "../config/parsers.js";
import { IDENTITY_NAME, loadTlsIdentity, TlsIdentityError, type TlsIdentity, type TlsPart } from "./tls-identity.js";

/**
 * How a process's gRPC traffic is authenticated, decided once at start from its configuration:
 * mutual TLS with its own identity (the normal case), or plaintext where callers are who they
 * claim (local development only, and only when asked for). Servers also get the caller rules.
 */
export type GrpcTrust = MtlsTrust | InsecureTrust;

/** Which callers get more than acting for their own verified end user. */
export interface CallerRules {
  /** Identities that may act for any user (internal jobs): `GRPC_PRIVILEGED_CALLERS`. */
  readonly privilegedCallers: readonly string[];
  /** Identities that may present end-user tokens (the BFFs): `GRPC_USER_ASSERTERS`. */
  readonly userAsserters: readonly string[];
}

/** Mutual TLS: every peer proves its identity with a certificate of the shared CA. */
export interface MtlsTrust extends CallerRules {
  readonly mode: "mtls";
  /** This process's certificate, key and CA. */
  readonly identity: TlsIdentity;
}

/** Plaintext development mode: a caller is its `x-caller`, a user token is read unsigned. */
export interface InsecureTrust extends CallerRules {
  readonly mode: "insecure";
}

/** The parsed trust keys (what {@link grpcTlsConfigSpec} and {@link grpcTrustConfigSpec} give). */
export interface GrpcTrustSettings {
  readonly grpcTlsCaFile?: string | undefined;
  readonly grpcTlsCertFile?: string | undefined;
  readonly grpcTlsKeyFile?: string | undefined;
  readonly grpcInsecure: boolean;
  readonly grpcPrivilegedCallers?: readonly string[];
  readonly grpcUserAsserters?: readonly string[];
}

/** Default of `GRPC_PRIVILEGED_CALLERS`. */
export const DEFAULT_PRIVILEGED_CALLERS: readonly string[] = ["jobs"];
/** Default of `GRPC_USER_ASSERTERS`. */
export const DEFAULT_USER_ASSERTERS: readonly string[] = ["bff-web", "bff-mobile"];

const MTLS_REQUIRED = "processes authenticate each other with mutual TLS in production";

const identityName: Parser<string> = {
  format: `identity (${IDENTITY_NAME.source})`,
  parse(raw) {
    if (!IDENTITY_NAME.test(raw)) throw new Error(`"${raw.slice(0, 64)}" is not an identity name (${IDENTITY_NAME.source})`);
    return raw;
  },
};

/**
 * The transport keys every process reads, with the same names everywhere (services, BFFs, jobs):
 * the three PEM files of mTLS (all three or none; required in production) and `GRPC_INSECURE`
 * (plaintext, refused in production). Which of the two applies is decided by {@link loadGrpcTrust}.
 */
export function grpcTlsConfigSpec() {
  return {
    grpcTlsCaFile: pemFileKey("GRPC_TLS_CA_FILE", "PEM file of the CA that signs every process's certificate (mTLS between processes)"),
    grpcTlsCertFile: pemFileKey("GRPC_TLS_CERT_FILE", "PEM file of this process's certificate; its subject CN is the process's identity (users, bff-web, jobs…)"),
    grpcTlsKeyFile: pemFileKey("GRPC_TLS_KEY_FILE", "PEM file of this process's private key (unencrypted; keep it mode 0600)"),
    grpcInsecure: {
      env: "GRPC_INSECURE",
      doc: "Plaintext gRPC where callers are who they claim (x-caller) and user tokens are unsigned: local development only",
      parse: bool(),
      default: false,
      production: { refuse: { value: true, why: "plaintext gRPC trusts anyone who can reach a port" } },
    },
  } as const;
}

/** One of the three PEM file keys: a path, unset outside production (plaintext or in-process), required in production. */
function pemFileKey(env: string, doc: string) {
  return { env, doc, parse: str({ minLength: 1 }), optional: true, production: { required: MTLS_REQUIRED } } as const;
}

/** {@link grpcTlsConfigSpec} plus the caller rules of a server: who is privileged, who may present user tokens. */
export function grpcTrustConfigSpec() {
  return {
    ...grpcTlsConfigSpec(),
    grpcPrivilegedCallers: {
      env: "GRPC_PRIVILEGED_CALLERS",
      doc: "Caller identities that may act for any user (internal jobs and scripts)",
      parse: list(identityName),
      default: [...DEFAULT_PRIVILEGED_CALLERS],
    },
    grpcUserAsserters: {
      env: "GRPC_USER_ASSERTERS",
      doc: "Caller identities that may present end-user tokens (the BFFs); a token from any other caller is refused",
      parse: list(identityName),
      default: [...DEFAULT_USER_ASSERTERS],
    },
  } as const;
}

const ENV_OF = { ca: "GRPC_TLS_CA_FILE", cert: "GRPC_TLS_CERT_FILE", key: "GRPC_TLS_KEY_FILE" } as const satisfies Record<TlsPart, string>;
const KEY_OF = { ca: "grpcTlsCaFile", cert: "grpcTlsCertFile", key: "grpcTlsKeyFile" } as const satisfies Record<TlsPart, string>;

/**
 * The trust of a process from its parsed settings, its PEM files read and checked (once, at
 * start). A ConfigError names the keys when: some but not all three files are set; files and
 * `GRPC_INSECURE=true` are both set; neither is (plaintext is never a silent default); a file
 * cannot be used (unreadable, not PEM, not signed by the CA, key not matching, expired).
 */
export function loadGrpcTrust(settings: GrpcTrustSettings, now: Date = new Date()): GrpcTrust {
  const rules: CallerRules = {
    privilegedCallers: settings.grpcPrivilegedCallers ?? DEFAULT_PRIVILEGED_CALLERS,
    userAsserters: settings.grpcUserAsserters ?? DEFAULT_USER_ASSERTERS,
  };
  const files = { ca: settings.grpcTlsCaFile, cert: settings.grpcTlsCertFile, key: settings.grpcTlsKeyFile };
  const parts = Object.keys(files) as TlsPart[];
  const missing = parts.filter((part) => files[part] === undefined);
  if (missing.length === 0) {
    if (settings.grpcInsecure) {
      throw new ConfigError([
        { key: "grpcInsecure", env: "GRPC_INSECURE", problem: "is true while GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are set: choose mTLS or plaintext" },
      ]);
    }
    try {
      return { mode: "mtls", identity: loadTlsIdentity({ caFile: files.ca!, certFile: files.cert!, keyFile: files.key! }, now), ...rules };
    } catch (error) {
      if (!(error instanceof TlsIdentityError)) throw error;
      throw new ConfigError([{ key: KEY_OF[error.part], env: ENV_OF[error.part], problem: error.message }]);
    }
  }
  if (missing.length < parts.length) {
    const given = parts.filter((part) => !missing.includes(part)).map((part) => ENV_OF[part]).join(", ");
    throw new ConfigError(
      missing.map((part) => ({ key: KEY_OF[part], env: ENV_OF[part], problem: `is required with ${given} (mTLS needs the CA, the certificate and the key)` })),
    );
  }
  if (settings.grpcInsecure) return { mode: "insecure", ...rules };
  throw new ConfigError([
    {
      key: "grpcTlsCaFile",
      env: "GRPC_TLS_CA_FILE",
      problem: "GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are not set: set them for mTLS, or set GRPC_INSECURE=true for plaintext local development",
    },
  ]);
}

/** The identity a client presents under `trust`: its certificate under mTLS, none in plaintext mode. */
export function clientTlsOf(trust: GrpcTrust): TlsIdentity | undefined {
  return trust.mode === "mtls" ? trust.identity : undefined;
}
