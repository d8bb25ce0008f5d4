import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { StatusSchema } from "@shop/contracts/google/rpc/status";

/** Name of the trailer that carries a serialized `google.rpc.Status`. */
export const STATUS_DETAILS_TRAILER = "grpc-status-details-bin";

/** The message every caller sees for an error that was not a deliberate ConnectError. */
export const INTERNAL_MESSAGE = "internal error";

/**
 * Turns anything thrown by a handler into the error the caller may see: a ConnectError is kept,
 * an abort of the handler's own signal keeps its code, everything else becomes INTERNAL with a
 * generic message (the original stays in `cause`, for the server's log only).
 */
export function toCallerError(thrown: unknown): ConnectError {
  if (thrown instanceof ConnectError) return thrown;
  return new ConnectError(INTERNAL_MESSAGE, Code.Internal, undefined, undefined, thrown);
}

/** The serialized `google.rpc.Status` for an error with details, or undefined when it has none. */
export function encodeStatusDetails(error: ConnectError): Uint8Array | undefined {
  if (error.details.length === 0) return undefined;
  const status = create(StatusSchema, {
    code: error.code,
    message: error.rawMessage,
    details: error.details.map((detail) =>
      "desc" in detail
        ? anyPack(detail.desc, create(detail.desc, detail.value))
        : { typeUrl: `type.googleapis.com/${detail.type}`, value: detail.value },
    ),
  });
  return toBinary(StatusSchema, status);
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
