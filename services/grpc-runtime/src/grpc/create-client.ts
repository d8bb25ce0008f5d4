import type { DescMethodUnary, DescService } from "@bufbuild/protobuf";
import { createClient as createConnectClient, type CallOptions, type Client, type Transport } from "@connectrpc/connect";
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
  const methods = client as Record<string, unknown>;
  for (const method of desc.methods) {
    if (method.methodKind === "unary") methods[method.localName] = unaryFn(transport, method as DescMethodUnary);
  }
  if (owned) transports.set(client, transport);
  return client;
}

/**
 * One client per service, each over its own channel to its targets: `services` and `targets` are
 * keyed by the service's identity ("users", "catalog"…), which is also the name its certificate
 * must carry when `options.tls` is given (`serverName`). Close them with {@link closeClient}.
 */
export function createClients<const S extends Readonly<Record<string, DescService>>>(
  services: S,
  targets: Readonly<Record<keyof S & string, string | readonly string[]>>,
  options: ClientOptions = {},
): { readonly [K in keyof S]: Client<S[K]> } {
  const clients: Record<string, Client<DescService>> = {};
  for (const [name, desc] of Object.entries(services)) {
    clients[name] = createClient(desc, targets[name as keyof S & string], options.tls === undefined ? options : { serverName: name, ...options });
  }
  return clients as { readonly [K in keyof S]: Client<S[K]> };
}

/** Closes the channel a client created for itself (a shared transport is closed by its owner). */
export function closeClient(client: Client<DescService>): void {
  transports.get(client)?.close();
  transports.delete(client);
}

/**
 * A unary method of the client: Connect's own behaves the same (headers and trailers go to
 * `onHeader`/`onTrailer`, the answer is the message) but adds an async frame per call.
 */
function unaryFn(transport: Transport, method: DescMethodUnary) {
  return (input: unknown, options?: CallOptions): Promise<unknown> => {
    const response = transport.unary(method, options?.signal, options?.timeoutMs, options?.headers, input as never, options?.contextValues);
    if (options?.onHeader === undefined && options?.onTrailer === undefined) return response.then(messageOf);
    return response.then((r) => {
      options.onHeader?.(r.header);
      options.onTrailer?.(r.trailer);
      return r.message;
    });
  };
}

function messageOf(response: { message: unknown }): unknown {
  return response.message;
}
