import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/** What the sink has received so far: export requests, their body bytes and the spans in them. */
export interface SinkCounts {
  /** POST /v1/traces requests answered. */
  readonly requests: number;
  /** Body bytes received, as sent (compressed if the exporter compressed). */
  readonly bytes: number;
  /** Spans over every request. */
  readonly spans: number;
  /** Spans per resource `service.name` ("bff-web", "catalog", …; "" when a resource has none). */
  readonly spansByService: Readonly<Record<string, number>>;
}

/** An OTLP/HTTP receiver of the benchmark's own: it counts what the processes export and keeps nothing else. */
export interface OtlpSink {
  /** Base URL for `OTEL_EXPORTER_OTLP_ENDPOINT` (spans then go to `<url>/v1/traces`). */
  readonly url: string;
  /** A copy of the counts so far. */
  counts(): SinkCounts;
  close(): Promise<void>;
}

// Field numbers of the OTLP protobuf messages (opentelemetry/proto/collector/trace/v1 and trace/v1).
const EXPORT_REQUEST_RESOURCE_SPANS = 1;
const RESOURCE_SPANS_RESOURCE = 1;
const RESOURCE_SPANS_SCOPE_SPANS = 2;
const RESOURCE_ATTRIBUTES = 1;
const SCOPE_SPANS_SPANS = 2;
const KEY_VALUE_KEY = 1;
const KEY_VALUE_VALUE = 2;
const ANY_VALUE_STRING = 1;

/**
 * Counts the spans of an `ExportTraceServiceRequest` body per resource `service.name`. Only the
 * envelope is walked (resources and their scopes); the spans themselves are skipped unread, so a
 * large batch costs the bench process little. Throws on a malformed body.
 */
export function countSpans(body: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  const reader = new BinaryReader(body);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field !== EXPORT_REQUEST_RESOURCE_SPANS || wireType !== WireType.LengthDelimited) {
      reader.skip(wireType, field);
      continue;
    }
    const { service, spans } = readResourceSpans(reader.bytes());
    counts.set(service, (counts.get(service) ?? 0) + spans);
  }
  return counts;
}

/** One `ResourceSpans`: its `service.name` and how many spans its scopes hold. */
function readResourceSpans(bytes: Uint8Array): { service: string; spans: number } {
  const reader = new BinaryReader(bytes);
  let service = "";
  let spans = 0;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === RESOURCE_SPANS_RESOURCE && wireType === WireType.LengthDelimited) service = serviceNameOf(reader.bytes()) ?? service;
    else if (field === RESOURCE_SPANS_SCOPE_SPANS && wireType === WireType.LengthDelimited) spans += countField(reader.bytes(), SCOPE_SPANS_SPANS);
    else reader.skip(wireType, field);
  }
  return { service, spans };
}

/** The string value of the `service.name` attribute of a `Resource`, if it has one. */
function serviceNameOf(resource: Uint8Array): string | undefined {
  const reader = new BinaryReader(resource);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field !== RESOURCE_ATTRIBUTES || wireType !== WireType.LengthDelimited) {
      reader.skip(wireType, field);
      continue;
    }
    const attribute = new BinaryReader(reader.bytes());
    let key: string | undefined;
    let value: string | undefined;
    while (attribute.pos < attribute.len) {
      const [f, w] = attribute.tag();
      if (f === KEY_VALUE_KEY && w === WireType.LengthDelimited) key = attribute.string();
      else if (f === KEY_VALUE_VALUE && w === WireType.LengthDelimited) value = stringValueOf(attribute.bytes());
      else attribute.skip(w, f);
    }
    if (key === "service.name" && value !== undefined) return value;
  }
  return undefined;
}

/** The `string_value` of an `AnyValue`, if it holds a string. */
function stringValueOf(anyValue: Uint8Array): string | undefined {
  const reader = new BinaryReader(anyValue);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === ANY_VALUE_STRING && wireType === WireType.LengthDelimited) return reader.string();
    reader.skip(wireType, field);
  }
  return undefined;
}

/** How many times a length-delimited field occurs in a message (its values are skipped, not decoded). */
function countField(message: Uint8Array, fieldNumber: number): number {
  const reader = new BinaryReader(message);
  let count = 0;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === fieldNumber && wireType === WireType.LengthDelimited) count += 1;
    reader.skip(wireType, field);
  }
  return count;
}

/**
 * Starts the sink on 127.0.0.1 and a free port. It answers `POST /v1/traces` with 200 and an
 * empty `ExportTraceServiceResponse` (an empty protobuf message is a valid one), gunzips a
 * gzip-encoded body, and answers 400 to a body it cannot decode (counted in `requests` and
 * `bytes`, not in spans); anything else gets 404.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  let requests = 0;
  let bytes = 0;
  let spans = 0;
  const byService = new Map<string, number>();

  const answer = (res: ServerResponse, status: number): void => {
    res.writeHead(status, { "content-type": "application/x-protobuf", "content-length": "0" });
    res.end();
  };
  const receive = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/traces") {
      req.resume();
      answer(res, 404);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      requests += 1;
      bytes += raw.length;
      try {
        const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        for (const [service, n] of countSpans(body)) {
          byService.set(service, (byService.get(service) ?? 0) + n);
          spans += n;
        }
        answer(res, 200);
      } catch {
        answer(res, 400);
      }
    });
  };

  const server = createServer(receive);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ requests, bytes, spans, spansByService: Object.fromEntries(byService) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
