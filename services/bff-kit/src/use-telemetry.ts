import { SpanStatusCode } from "@opentelemetry/api";
import { runWithRequestContext, type Telemetry } from "@shop/grpc-runtime";
import type { GraphQLParams, Plugin } from "graphql-yoga";
import type { Logger } from "pino";
import { DocumentHashes } from "./document-hash.js";
import { operationOf } from "./operation-definition.js";
import type { OperationNames } from "./operation-names.js";
import { operationOutcome, type ResultShape } from "./operation-outcome.js";
import { currentOperation, OperationRecord } from "./operation-record.js";
import { requestIdOf } from "./request-id.js";

/** The longest operation name an access line carries; GraphQL names have no length limit. */
const MAX_LOGGED_NAME = 100;

/** Options of {@link useTelemetry}. */
export interface TelemetryPluginOptions {
  /** Where the access line of each operation goes (at info). */
  readonly logger: Logger;
  /** Where the operation's span and RED metrics go. @default none: logs only */
  readonly telemetry?: Telemetry | undefined;
  /** The bounded operation labels of the metrics (the mobile BFF's closed set, the web BFF's open one). */
  readonly operationNames: OperationNames;
}

/**
 * Yoga plugin: each request is handled inside its own request context ({@link OperationRecord}),
 * so every log line written meanwhile carries its `requestId`, `traceId` and `spanId`; each GraphQL
 * request (not the GraphiQL page, not a 404) gets a SERVER span when tracing (child of a valid
 * incoming `traceparent`, else a new trace; named "query homePage" once parsed), and at its end one
 * access line ("graphql operation": name, type, outcome, duration, RPCs, response bytes, HTTP
 * status, user id; never a token, variables or the document) and its RED metrics under a bounded
 * operation label. With tracing off its trace context is the caller's valid `traceparent` or a new
 * unsampled one, so the services' lines join up with the BFF's all the same.
 */
export function useTelemetry(options: TelemetryPluginOptions): Plugin {
  const { logger, telemetry, operationNames } = options;
  const tracing = telemetry?.tracing;
  const metrics = telemetry?.metrics;
  const hashes = new DocumentHashes();

  const finish = (operation: OperationRecord, response: Response): void => {
    const status = response.status;
    const outcome = operationOutcome(status, operation.result);
    const seconds = (performance.now() - operation.startedAt) / 1000;
    const identified = operation.operation;
    const type = identified?.type ?? null;
    metrics?.operation(operationNames.label(identified), type ?? "unknown", outcome, seconds, operation.rpcs);
    const span = operation.span;
    if (span !== undefined) {
      if (span.isRecording()) {
        span.setAttributes({ "shop.outcome": outcome, "http.response.status_code": status, "shop.rpc_count": operation.rpcs });
        if (outcome === "error") span.setStatus({ code: SpanStatusCode.ERROR, message: `GraphQL operation failed (HTTP ${status})` });
      }
      span.end();
    }
    if (!logger.isLevelEnabled("info")) return;
    const length = response.headers.get("content-length");
    logger.info(
      {
        operation: identified?.name === undefined ? null : identified.name.slice(0, MAX_LOGGED_NAME),
        type,
        outcome,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        rpcs: operation.rpcs,
        responseBytes: length === null ? null : Number(length),
        status,
        userId: operation.userId ?? null,
      },
      "graphql operation",
    );
  };

  return {
    instrumentation: {
      // Around everything yoga and its plugins do for the request, hooks included.
      request: ({ request }, wrapped) => runWithRequestContext(new OperationRecord(requestIdOf(request)), wrapped),
      // Only requests that reach GraphQL parsing are operations (GraphiQL and 404s are answered before).
      requestParse: ({ request }, wrapped) => {
        currentOperation()?.begin(request.headers.get("traceparent"), tracing);
        return wrapped();
      },
    },
    onParse({ context, params }) {
      const operation = currentOperation();
      if (operation === undefined) return;
      return ({ result }) => {
        if (result === null || result instanceof Error) return;
        const definition = operationOf(result, (context as { params?: GraphQLParams }).params?.operationName);
        if (definition === undefined) return;
        const source = params.source;
        const hash = operation.recording ? hashes.of(typeof source === "string" ? source : source.body) : undefined;
        operation.identify(definition.name?.value, definition.operation, hash);
      };
    },
    onResultProcess({ result }) {
      const operation = currentOperation();
      if (operation !== undefined && !Array.isArray(result) && !(Symbol.asyncIterator in result)) operation.result = result as ResultShape;
    },
    onResponse({ response }) {
      const operation = currentOperation();
      if (operation === undefined || !operation.isOperation) return;
      // An exception thrown here would reach node:http uncaught: recording must never cost the process.
      try {
        finish(operation, response);
      } catch (error) {
        logger.warn({ err: error }, "the operation could not be recorded");
      }
    },
  };
}
