import type { DescService } from "@bufbuild/protobuf";
import { createClient as createConnectClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport, type ClientOptions, type GrpcTransport } from "./grpc-transport.js";

const transports = new WeakMap<object, GrpcTransport>();

/**
 * A typed client of `desc` (Connect's `Client<S>`) over a grpc-js channel. `target` is one
 * address (`127.0.0.1:50051`, `dns:///users:50051`), several IP addresses balanced
 * round-robin, or a transport from `createGrpcTransport` to share one channel between services.
 */
export function createClient<S extends DescService>(
  desc: S,
  target: string | readonly string[] | GrpcTransport,
  options?: ClientOptions,
): Client<S> {
  const owned = typeof target === "string" || Array.isArray(target);
  const transport = owned ? createGrpcTransport(target as string | readonly string[], options) : (target as GrpcTransport);
  const client = createConnectClient(desc, transport);
  if (owned) transports.set(client, transport);
  return client;
}

/** Closes the channel a client created for itself (a shared transport is closed by its owner). */
export function closeClient(client: Client<DescService>): void {
  transports.get(client)?.close();
  transports.delete(client);
}
