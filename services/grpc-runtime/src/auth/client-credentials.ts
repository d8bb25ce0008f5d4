import { credentials, type ChannelCredentials } from "@grpc/grpc-js";
import type { TlsIdentity } from "./tls-identity.js";

/**
 * The channel credentials of a process with `identity` calling a service: TLS, the server's
 * certificate checked against the CA and the target's host name (its SANs: `localhost`,
 * `127.0.0.1`, the service's name), and this process's certificate presented as its identity.
 * Without an identity a channel is plaintext (development mode only).
 */
export function clientCredentialsFor(identity: TlsIdentity | undefined): ChannelCredentials {
  return identity === undefined ? credentials.createInsecure() : credentials.createSsl(identity.caPem, identity.keyPem, identity.certPem);
}
