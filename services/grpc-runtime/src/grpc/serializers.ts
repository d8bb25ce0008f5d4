import { create, fromBinary, isMessage, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/** Encodes a message (or its init shape) for grpc-js, which wants a Buffer. */
export type Serializer = (value: unknown) => Buffer;
/** Decodes a grpc-js payload into a protobuf-es message. */
export type Deserializer<T = unknown> = (bytes: Buffer) => T;

const serializers = new WeakMap<DescMessage, Serializer>();
const deserializers = new WeakMap<DescMessage, Deserializer>();

/** The (cached) serializer of one message type. */
export function serializerOf(desc: DescMessage): Serializer {
  let fn = serializers.get(desc);
  if (fn === undefined) {
    fn = (value) => {
      const message = isMessage(value, desc) ? value : create(desc, value as Record<string, unknown>);
      const bytes = toBinary(desc, message);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    serializers.set(desc, fn);
  }
  return fn;
}

/** The (cached) deserializer of one message type. */
export function deserializerOf<D extends DescMessage>(desc: D): Deserializer<MessageShape<D>> {
  let fn = deserializers.get(desc);
  if (fn === undefined) {
    fn = (bytes) => fromBinary(desc, bytes);
    deserializers.set(desc, fn);
  }
  return fn as Deserializer<MessageShape<D>>;
}
