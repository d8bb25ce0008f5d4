/** Types for start.mjs, so the TypeScript benchmark harness can import it. */

/** The GraphQL document the benchmark sends to the Mesh gateway for the web home page. */
export declare const WEB_HOME_QUERY: string;
/** The same data in the mobile app's slimmer shape. */
export declare const MOBILE_HOME_QUERY: string;

/** gRPC addresses ("host:port") of the three domain services. */
export interface MeshTargets {
  readonly users: string;
  readonly catalog: string;
  readonly orders: string;
}

export interface MeshGatewayOptions extends MeshTargets {
  /** Port to listen on. @default 0 (a free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** How long to wait for the gateway's /readiness. @default 30000 */
  readonly readyTimeoutMs?: number;
  /** Pass the gateway's own output through to stderr. @default false */
  readonly log?: boolean;
  /** Run the gateway with `--jit` (graphql-jit). @default false */
  readonly jit?: boolean;
  /** "single" resolves OrderLine.product with one GetProduct per line. @default "batch" */
  readonly productLookup?: "batch" | "single";
  /** Node/V8 flags for the gateway process (and its forked worker). @default none */
  readonly nodeFlags?: readonly string[];
  /** Call the services over mutual TLS with this certificate. @default plaintext */
  readonly tls?: MeshTls;
}

/** Absolute paths of the PEM files the gateway presents and trusts (Mesh's `credentialsSsl`). */
export interface MeshTls {
  /** The CA that signed the services' certificates. */
  readonly rootCA: string;
  /** The gateway's certificate; its CN is who it is to the services. */
  readonly certChain: string;
  /** The gateway's private key. */
  readonly privateKey: string;
}

export interface MeshGateway {
  /** "http://127.0.0.1:PORT/graphql" */
  readonly url: string;
  readonly port: number;
  /** The gateway process, for CPU time and RSS readings. */
  readonly pid: number;
  /** The composed supergraph (in a temporary directory removed by stop()). */
  readonly supergraphPath: string;
  /** SIGTERM (SIGKILL after 5 s) and clean up. */
  stop(): Promise<void>;
}

/** Composes the supergraph and starts Hive Gateway (one process) on it. */
export declare function startMeshGateway(options: MeshGatewayOptions): Promise<MeshGateway>;

/** Writes the supergraph for the given addresses to `output` with mesh-compose. */
export declare function composeSupergraph(
  targets: MeshTargets & { readonly output: string; readonly productLookup?: "batch" | "single"; readonly tls?: MeshTls },
): Promise<void>;
