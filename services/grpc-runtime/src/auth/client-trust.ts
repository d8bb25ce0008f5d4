import type { Logger } from "pino";
import { clientTlsOf, loadGrpcTrust, type GrpcTrustSettings } from "./grpc-trust.js";
import type { TlsIdentity } from "./tls-identity.js";
import { userTokenSignerFor, type UserTokenSigner } from "./user-token-signer.js";

/** What the clients of a process that only calls services (a BFF, a job) present and sign with. */
export interface ClientTrust {
  /** The identity to give every client (`ClientOptions.tls`); undefined in plaintext mode. */
  readonly tls: TlsIdentity | undefined;
  /** One signer for every client (`ClientOptions.userTokens`), so a user's token is made once for all. */
  readonly userTokens: UserTokenSigner;
}

/**
 * The client side of `loadGrpcTrust(settings)` (the PEM files read and checked once; a ConfigError
 * names a bad key), with a warning logged when the process runs in plaintext mode.
 */
export function loadClientTrust(settings: GrpcTrustSettings, logger: Logger): ClientTrust {
  const trust = loadGrpcTrust(settings);
  if (trust.mode === "insecure") {
    logger.warn("GRPC_INSECURE=true: calling the services in plaintext with unsigned user tokens; anyone who can reach their ports can act as any user (local development only)");
  }
  return { tls: clientTlsOf(trust), userTokens: userTokenSignerFor(trust) };
}
