import { Client, credentials, Metadata } from "@grpc/grpc-js";
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
 * `dns:///name:port` target, whichever pod the name resolves to first).
 */
export function createGrpcHealthCheck(
  targets: Readonly<Record<string, readonly string[]>>,
  options: { readonly timeoutMs?: number } = {},
): DownstreamHealthCheck & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 1000;
  const clients = new Map<string, Client>();
  const clientFor = (target: string): Client => {
    let client = clients.get(target);
    if (!client) {
      // A replica that restarts answers again within a second, not after grpc-js's default
      // reconnect backoff (up to 120 s).
      client = new Client(target, credentials.createInsecure(), { "grpc.initial_reconnect_backoff_ms": 100, "grpc.max_reconnect_backoff_ms": 1_000 });
      clients.set(target, client);
    }
    return client;
  };
  const checkOne = (target: string): Promise<boolean> =>
    new Promise((resolve) => {
      clientFor(target).makeUnaryRequest(
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
        const answers = await Promise.all(addresses.map(checkOne));
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
