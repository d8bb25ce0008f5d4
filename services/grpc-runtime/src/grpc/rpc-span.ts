import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { Code, type ConnectError } from "@connectrpc/connect";
import { statusName } from "./status-names.js";

/** The codes that make a server span an error (OpenTelemetry gRPC conventions). */
const SERVER_ERROR_CODES: ReadonlySet<number> = new Set([Code.Unknown, Code.DeadlineExceeded, Code.Unimplemented, Code.Internal, Code.Unavailable, Code.DataLoss]);

/**
 * Ends the span of one RPC with its gRPC status, as the OpenTelemetry RPC conventions say: the
 * numeric code as `rpc.grpc.status_code`; status ERROR on a client span for any code but OK, on a
 * server span only for the codes that mean the server failed (a caller's bad input is not the
 * server's error).
 */
export function endRpcSpan(span: Span, side: "server" | "client", code: Code | 0, error: ConnectError | undefined): void {
  if (!span.isRecording()) {
    span.end();
    return;
  }
  span.setAttribute("rpc.grpc.status_code", code);
  if (code !== 0 && (side === "client" || SERVER_ERROR_CODES.has(code))) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${statusName(code)}: ${error?.rawMessage ?? ""}`.slice(0, 256) });
  }
  span.end();
}
