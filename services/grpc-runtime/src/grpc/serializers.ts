import { create, fromBinary, isMessage, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/** Encodes a message (or its init shape) for grpc-js, which wants a Buffer. */
export type Serializer = (value: unknown) => Buffer;
/** Decodes a grpc-js payload into a protobuf-es message. */
export type Deserializer<T = unknown> = (bytes: Buffer) => T;

const serializers = new WeakMap<DescMessage, Serializer>();
const deserializers = new WeakMap<DescMessage, Deserializer>();

/** The protobuf bytes of a message (or of its init shape), as a Buffer over the same memory. */
export function encodeMessage(desc: DescMessage, value: unknown): Buffer {
  const message = isMessage(value, desc) ? value : create(desc, value as Record<string, unknown>);
  const bytes = toBinary(desc, message);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The (cached) serializer of one message type. */
export function serializerOf(desc: DescMessage): Serializer {
  return once(serializers, desc, () => (value) => encodeMessage(desc, value));
}

/** The (cached) deserializer of one message type. */
export function deserializerOf<D extends DescMessage>(desc: D): Deserializer<MessageShape<D>> {
  return once(deserializers, desc, () => (bytes) => fromBinary(desc, bytes)) as Deserializer<MessageShape<D>>;
}

/** What `make` builds for `desc`, built on first use and kept per message type. */
function once<F>(cache: WeakMap<DescMessage, F>, desc: DescMessage, make: () => F): F {
  let fn = cache.get(desc);
  if (fn === undefined) {
    fn = make();
    cache.set(desc, fn);
  }
  return fn;
}

/**
 * The server's (de)serializer in both directions: grpc-js hands the handler the request's bytes
 * and sends the Buffer the handler encoded, so the handler sees every payload's size and nothing
 * is encoded twice.
 */
export const passThroughBytes = (bytes: Buffer): Buffer => bytes;
