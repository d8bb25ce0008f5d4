import { X509Certificate, type KeyObject } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Metadata } from "@grpc/grpc-js";
import { firstText } from "../grpc/metadata.js";
import type { GrpcTrust } from "./grpc-trust.js";
import type { Principal } from "./principal.js";
import { IDENTITY_NAME } from "./tls-identity.js";
import { USER_TOKEN_HEADER, verifyUserToken } from "./user-token.js";
import { VerifiedUserTokens } from "./verified-user-tokens.js";

/** What the authenticator reads of an incoming grpc-js call. */
export interface AuthenticatedCall {
  readonly metadata: Metadata;
  getAuthContext(): { readonly sslPeerCertificate?: PeerCertificate } | null;
}

/** A verified peer certificate, as far as authorization cares. */
interface Peer {
  /** The certificate's CN: the caller's identity. */
  readonly caller: string;
  /** Its public key: what the user tokens it presents must be signed with. */
  readonly publicKey: KeyObject;
  /** Its SHA-256 fingerprint: the cache key of its tokens. */
  readonly fingerprint: string;
}

/** Most peer certificates remembered (a handful of processes; bounded against churn). */
const MAX_PEERS = 1_000;

/**
 * Establishes the {@link Principal} of each incoming call, before its request is even decoded:
 *
 * - mTLS: the caller is the CN of the client certificate grpc-js verified against the CA (it
 *   reports none for a client without a certificate or with one of another CA: UNAUTHENTICATED).
 *   An `x-user-token` must be signed by that very certificate's key (so a token is good only from
 *   the process that signed it) and may only come from a caller listed as a user asserter.
 * - plaintext (development): the caller is its `x-caller`, the token is read unsigned.
 *
 * Any failure is a ConnectError UNAUTHENTICATED saying why (never echoing the token).
 */
export class CallAuthenticator {
  readonly #trust: GrpcTrust;
  readonly #privileged: ReadonlySet<string>;
  readonly #asserters: ReadonlySet<string>;
  readonly #peers = new Map<string, Peer>();
  readonly #tokens = new VerifiedUserTokens();
  readonly #now: () => number;

  /** `now` is the clock in epoch milliseconds (tests move it). */
  constructor(trust: GrpcTrust, now: () => number = Date.now) {
    this.#trust = trust;
    this.#privileged = new Set(trust.privilegedCallers);
    this.#asserters = new Set(trust.userAsserters);
    this.#now = now;
  }

  /** The principal of `call`; throws UNAUTHENTICATED when the caller or its user token cannot be established. */
  authenticate(call: AuthenticatedCall): Principal {
    const token = firstText(call.metadata, USER_TOKEN_HEADER);
    if (this.#trust.mode === "insecure") {
      const caller = firstText(call.metadata, "x-caller");
      if (caller === undefined || !IDENTITY_NAME.test(caller)) {
        throw new ConnectError("plaintext mode: the call must name its caller in x-caller (an identity name)", Code.Unauthenticated);
      }
      const userId = token === undefined ? undefined : this.#userOf(caller, token, undefined);
      return this.#principal(caller, "insecure", userId);
    }
    const peer = this.#peerOf(call);
    const userId = token === undefined ? undefined : this.#userOf(peer.caller, token, peer);
    return this.#principal(peer.caller, "mtls", userId);
  }

  #principal(caller: string, via: Principal["via"], userId: string | undefined): Principal {
    return {
      caller,
      via,
      ...(userId === undefined ? {} : { userId }),
      privileged: this.#privileged.has(caller),
      assertsUsers: this.#asserters.has(caller),
    };
  }

  #peerOf(call: AuthenticatedCall): Peer {
    const certificate = call.getAuthContext()?.sslPeerCertificate;
    if (certificate === undefined) {
      throw new ConnectError("no client certificate signed by this system's CA was presented", Code.Unauthenticated);
    }
    const fingerprint = certificate.fingerprint256;
    const known = this.#peers.get(fingerprint);
    if (known !== undefined) return known;
    const caller = certificate.subject?.CN;
    if (typeof caller !== "string" || !IDENTITY_NAME.test(caller)) {
      throw new ConnectError("the client certificate's common name is not an identity name", Code.Unauthenticated);
    }
    const peer: Peer = { caller, publicKey: new X509Certificate(certificate.raw).publicKey, fingerprint };
    if (this.#peers.size >= MAX_PEERS) this.#peers.delete(this.#peers.keys().next().value!);
    this.#peers.set(fingerprint, peer);
    return peer;
  }

  /** The verified user of `token` presented by `caller` (`peer` under mTLS, undefined in plaintext mode). */
  #userOf(caller: string, token: string, peer: Peer | undefined): string {
    if (!this.#asserters.has(caller)) {
      throw new ConnectError(`caller "${caller}" may not present end-user tokens (not in GRPC_USER_ASSERTERS)`, Code.Unauthenticated);
    }
    const now = Math.floor(this.#now() / 1000);
    if (peer === undefined) return verifyUserToken(token, "unsigned", now).sub;
    const cached = this.#tokens.get(peer.fingerprint, token, now);
    if (cached !== undefined) return cached.sub;
    const claims = verifyUserToken(token, peer.publicKey, now);
    this.#tokens.set(peer.fingerprint, token, claims);
    return claims.sub;
  }
}
