import { ServerCredentials } from "@grpc/grpc-js";
import type { TlsIdentity } from "./tls-identity.js";

/**
 * TLS server credentials that ask every client for a certificate but let the handshake succeed
 * without one (`requestCert: true`, `rejectUnauthorized: false`). grpc-js's own `createSsl` can only
 * request and reject in one: a client without a certificate would then fail at the handshake with
 * an opaque UNAVAILABLE, and the health and reflection services on the same port would be out of
 * reach. Here the handshake completes and each call decides: grpc-js reports the peer certificate
 * (`call.getAuthContext().sslPeerCertificate`) only when it verified against this CA, and the call
 * handlers answer UNAUTHENTICATED without one (see `CallAuthenticator`).
 */
class ClientCertificateRequestingCredentials extends ServerCredentials {
  constructor(identity: TlsIdentity) {
    super({ requestCert: true, rejectUnauthorized: false }, { ca: identity.caPem, cert: identity.certPem, key: identity.keyPem });
  }

  override _equals(other: ServerCredentials): boolean {
    return other === this;
  }
}

/** The server credentials of a process with `identity`: see {@link ClientCertificateRequestingCredentials}. */
export function serverCredentialsFor(identity: TlsIdentity): ServerCredentials {
  return new ClientCertificateRequestingCredentials(identity);
}
