import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack, AnySchema, type Any } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { StatusSchema } from "@shop/contracts/google/rpc/status";

/** Name of the trailer that carries a serialized `google.rpc.Status`. */
export const STATUS_DETAILS_TRAILER = "grpc-status-details-bin";

/** The message every caller sees for an error that was not a deliberate ConnectError. */
export const INTERNAL_MESSAGE = "internal error";

/**
 * The most UTF-8 bytes of a status message a caller is sent (`grpc-message`, and the message
 * inside `grpc-status-details-bin`). grpc-js percent-encodes every non-ASCII byte, so the header
 * is at most three times this.
 */
export const MAX_STATUS_MESSAGE_BYTES = 1024;

/**
 * The most bytes of the serialized `google.rpc.Status` sent as `grpc-status-details-bin`; base64
 * makes it at most 4 KiB on the wire. With the message, the trailer stays under the 8 KiB of
 * metadata gRPC clients accept by default: a larger one is refused by the caller's HTTP/2 layer,
 * and the call (and, with grpc-js, every later call on the channel) waits for its deadline.
 */
export const MAX_STATUS_DETAILS_BYTES = 3072;

const ELLIPSIS = "…";
const ELLIPSIS_BYTES = Buffer.byteLength(ELLIPSIS);

/**
 * Turns anything thrown by a handler into the error the caller may see: a ConnectError is kept,
 * an abort of the handler's own signal keeps its code, everything else becomes INTERNAL with a
 * generic message (the original stays in `cause`, for the server's log only).
 */
export function toCallerError(thrown: unknown): ConnectError {
  if (thrown instanceof ConnectError) return thrown;
  return new ConnectError(INTERNAL_MESSAGE, Code.Internal, undefined, undefined, thrown);
}

/**
 * `message` cut to at most {@link MAX_STATUS_MESSAGE_BYTES} UTF-8 bytes, on a character boundary,
 * ending with "…" when it was cut.
 */
export function boundedStatusMessage(message: string, maxBytes: number = MAX_STATUS_MESSAGE_BYTES): string {
  if (message.length <= maxBytes / 3 || Buffer.byteLength(message) <= maxBytes) return message;
  const budget = maxBytes - ELLIPSIS_BYTES;
  let bytes = 0;
  let end = 0;
  for (const char of message) {
    const size = Buffer.byteLength(char);
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return message.slice(0, end) + ELLIPSIS;
}

/**
 * The serialized `google.rpc.Status` of an error with details, or undefined when it has none.
 * Bounded: the message is cut as in {@link boundedStatusMessage}, and details are dropped from the
 * end until the whole fits in {@link MAX_STATUS_DETAILS_BYTES} (undefined when not even the first
 * one fits), so no caller-supplied volume can make the trailer too large to deliver.
 */
export function encodeStatusDetails(error: ConnectError, maxBytes: number = MAX_STATUS_DETAILS_BYTES): Uint8Array | undefined {
  if (error.details.length === 0) return undefined;
  const head = create(StatusSchema, { code: error.code, message: boundedStatusMessage(error.rawMessage) });
  let size = toBinary(StatusSchema, head).length;
  const kept: Any[] = [];
  for (const detail of error.details) {
    const any =
      "desc" in detail
        ? anyPack(detail.desc, create(detail.desc, detail.value))
        : create(AnySchema, { typeUrl: `type.googleapis.com/${detail.type}`, value: detail.value });
    const length = toBinary(AnySchema, any).length;
    // Field 3 (repeated Any): one tag byte, the length as a varint, then the Any itself.
    size += 1 + varintLength(length) + length;
    if (size > maxBytes) break;
    kept.push(any);
  }
  if (kept.length === 0) return undefined;
  head.details = kept;
  return toBinary(StatusSchema, head);
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

/**
 * Rebuilds the ConnectError a server sent: its code, its message and, when the
 * `grpc-status-details-bin` trailer is present, its details (readable with `findDetails`).
 */
export function decodeStatus(
  code: number,
  message: string,
  statusDetails: Uint8Array | undefined,
  metadata?: HeadersInit,
): ConnectError {
  const known = code in Code ? (code as Code) : Code.Unknown;
  const error = new ConnectError(message, known, metadata);
  error.isWireError = true;
  if (statusDetails !== undefined && statusDetails.length > 0) {
    try {
      const status = fromBinary(StatusSchema, statusDetails);
      error.details = status.details.map((any) => ({
        type: any.typeUrl.substring(any.typeUrl.lastIndexOf("/") + 1),
        value: any.value,
      }));
    } catch {
      // A malformed details trailer must not hide the status itself.
    }
  }
  return error;
}
