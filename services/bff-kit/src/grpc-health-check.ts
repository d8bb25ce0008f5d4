import { Client, Metadata } from "@grpc/grpc-js";
import { clientCredentialsFor, type TlsIdentity } from "@shop/grpc-runtime";
import type { DownstreamHealthCheck } from "./server.js";

const CHECK_PATH = "/grpc.health.v1.Health/Check";
const SERVING = 1;

// grpc.health.v1.HealthCheckRequest { string service = 1; } — empty service = the whole server.
const encodeRequest = (): Buffer => Buffer.alloc(0);
// grpc.health.v1.HealthCheckResponse { ServingStatus status = 1; } — a single varint field.
const decodeStatus = (bytes: Buffer): number => (bytes.length >= 2 && bytes[0] === 0x08 ? bytes[1]! : 0);

/**
 * `/health/ready` for a BFF: the grpc.health.v1 Check of every address of every service. A service
 * counts as ready when at least one of its addresses answers SERVING within `timeoutMs` (for a
 * `dns:///name:port` target, whichever pod the name resolves to first). With `tls` (the BFF's own
 * identity) the checks go over mTLS, each server's certificate checked for the service's name
 * (the keys of `targets`), as the BFF's calls are.
 */
export function createGrpcHealthCheck(
  targets: Readonly<Record<string, readonly string[]>>,
  options: { readonly timeoutMs?: number; readonly tls?: TlsIdentity | undefined } = {},
): DownstreamHealthCheck & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 1000;
  const channelCredentials = clientCredentialsFor(options.tls);
  const clients = new Map<string, Client>();
  const clientFor = (service: string, target: string): Client => {
    let client = clients.get(target);
    if (!client) {
      // A replica that restarts answers again within a second, not after grpc-js's default
      // reconnect backoff (up to 120 s).
      client = new Client(target, channelCredentials, {
        "grpc.initial_reconnect_backoff_ms": 100,
        "grpc.max_reconnect_backoff_ms": 1_000,
        ...(options.tls === undefined ? {} : { "grpc.ssl_target_name_override": service }),
      });
      clients.set(target, client);
    }
    return client;
  };
  const checkOne = (service: string, target: string): Promise<boolean> =>
    new Promise((resolve) => {
      clientFor(service, target).makeUnaryRequest(
        CHECK_PATH,
        encodeRequest,
        decodeStatus,
        {},
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, status) => resolve(!error && status === SERVING),
      );
    });

  const check = async () => {
    const entries = await Promise.all(
      Object.entries(targets).map(async ([service, addresses]) => {
        const answers = await Promise.all(addresses.map((address) => checkOne(service, address)));
        return [service, answers.some(Boolean)] as const;
      }),
    );
    return Object.fromEntries(entries);
  };
  return Object.assign(check, {
    close: () => {
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  });
}
