import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/**
 * A decoder of OTLP trace exports (`ExportTraceServiceRequest`, opentelemetry-proto
 * `collector/trace/v1`), read field by field with @bufbuild/protobuf's BinaryReader: the tests need
 * a few fields of a stable wire format, not the whole generated schema. Unknown fields are skipped.
 */

/** The value of an attribute: OTLP's AnyValue (arrays kept, key-value lists and bytes left out). */
export type AttributeValue = string | number | boolean | readonly AttributeValue[] | undefined;

/** A span kind by OTLP's `Span.SpanKind` number. */
export type ReceivedSpanKind = "unspecified" | "internal" | "server" | "client" | "producer" | "consumer";

/** One span as an exporter sent it, with its resource's attributes. */
export interface ReceivedSpan {
  /** 32 lower-case hex digits. */
  readonly traceId: string;
  /** 16 lower-case hex digits. */
  readonly spanId: string;
  /** The parent's span id; undefined for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: ReceivedSpanKind;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Names of the span's events, in order (e.g. "retry"). */
  readonly events: readonly string[];
  readonly status: { readonly code: "unset" | "ok" | "error"; readonly message: string };
  /** The `service.name` of the resource that sent it. */
  readonly service: string;
  readonly resource: Readonly<Record<string, AttributeValue>>;
  /** The instrumentation scope's name. */
  readonly scope: string;
}

const KINDS: readonly ReceivedSpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];
const STATUS_CODES = ["unset", "ok", "error"] as const;
/** The wire type of each AnyValue field read here. */
const ANY_VALUE_WIRE_TYPES: Readonly<Record<number, WireType>> = {
  1: WireType.LengthDelimited,
  2: WireType.Varint,
  3: WireType.Varint,
  4: WireType.Bit64,
  5: WireType.LengthDelimited,
};
/** The wire type of each Span field read here; a field sent otherwise is skipped. */
const SPAN_WIRE_TYPES: Readonly<Record<number, WireType>> = {
  1: WireType.LengthDelimited,
  2: WireType.LengthDelimited,
  4: WireType.LengthDelimited,
  5: WireType.LengthDelimited,
  6: WireType.Varint,
  7: WireType.Bit64,
  8: WireType.Bit64,
  9: WireType.LengthDelimited,
  11: WireType.LengthDelimited,
  15: WireType.LengthDelimited,
};

/** Every span of one `ExportTraceServiceRequest` body, in the order they were sent. */
export function decodeExportTraceServiceRequest(body: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  eachField(new BinaryReader(body), (field, wireType, reader) => {
    if (field !== 1 || wireType !== WireType.LengthDelimited) return false;
    spans.push(...decodeResourceSpans(reader.bytes()));
    return true;
  });
  return spans;
}

/** ResourceSpans: resource = 1, scope_spans = 2. */
function decodeResourceSpans(bytes: Uint8Array): ReceivedSpan[] {
  let resource: Record<string, AttributeValue> = {};
  const scopes: { scope: string; spans: Uint8Array[] }[] = [];
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (wireType !== WireType.LengthDelimited) return false;
    if (field === 1) resource = decodeResource(reader.bytes());
    else if (field === 2) scopes.push(decodeScopeSpans(reader.bytes()));
    else return false;
    return true;
  });
  const service = typeof resource["service.name"] === "string" ? resource["service.name"] : "";
  return scopes.flatMap(({ scope, spans }) => spans.map((span) => decodeSpan(span, { service, resource, scope })));
}

/** Resource: attributes = 1 (repeated KeyValue). */
function decodeResource(bytes: Uint8Array): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (field !== 1 || wireType !== WireType.LengthDelimited) return false;
    addKeyValue(attributes, reader.bytes());
    return true;
  });
  return attributes;
}

/** ScopeSpans: scope = 1 (InstrumentationScope: name = 1), spans = 2. */
function decodeScopeSpans(bytes: Uint8Array): { scope: string; spans: Uint8Array[] } {
  let scope = "";
  const spans: Uint8Array[] = [];
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (wireType !== WireType.LengthDelimited) return false;
    if (field === 1) scope = stringField(reader.bytes(), 1) ?? "";
    else if (field === 2) spans.push(reader.bytes());
    else return false;
    return true;
  });
  return { scope, spans };
}

/**
 * Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, start_time_unix_nano
 * = 7, end_time_unix_nano = 8, attributes = 9, events = 11 (Event: name = 2), status = 15
 * (Status: message = 2, code = 3).
 */
function decodeSpan(bytes: Uint8Array, from: Pick<ReceivedSpan, "service" | "resource" | "scope">): ReceivedSpan {
  let traceId = "";
  let spanId = "";
  let parentSpanId: string | undefined;
  let name = "";
  let kind: ReceivedSpanKind = "unspecified";
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: Record<string, AttributeValue> = {};
  const events: string[] = [];
  let status: ReceivedSpan["status"] = { code: "unset", message: "" };
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (wireType !== SPAN_WIRE_TYPES[field]) return false;
    switch (field) {
      case 1:
        traceId = hex(reader.bytes());
        return true;
      case 2:
        spanId = hex(reader.bytes());
        return true;
      case 4: {
        const parent = reader.bytes();
        parentSpanId = parent.length > 0 ? hex(parent) : undefined;
        return true;
      }
      case 5:
        name = reader.string();
        return true;
      case 6:
        kind = KINDS[reader.int32()] ?? "unspecified";
        return true;
      case 7:
        startTimeUnixNano = BigInt(reader.fixed64());
        return true;
      case 8:
        endTimeUnixNano = BigInt(reader.fixed64());
        return true;
      case 9:
        addKeyValue(attributes, reader.bytes());
        return true;
      case 11:
        events.push(stringField(reader.bytes(), 2) ?? "");
        return true;
      case 15:
        status = decodeStatus(reader.bytes());
        return true;
      default:
        return false;
    }
  });
  return { traceId, spanId, parentSpanId, name, kind, startTimeUnixNano, endTimeUnixNano, attributes, events, status, ...from };
}

function decodeStatus(bytes: Uint8Array): ReceivedSpan["status"] {
  let message = "";
  let code: ReceivedSpan["status"]["code"] = "unset";
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (field === 2 && wireType === WireType.LengthDelimited) message = reader.string();
    else if (field === 3 && wireType === WireType.Varint) code = STATUS_CODES[reader.int32()] ?? "unset";
    else return false;
    return true;
  });
  return { code, message };
}

/** KeyValue: key = 1, value = 2 (AnyValue). */
function addKeyValue(into: Record<string, AttributeValue>, bytes: Uint8Array): void {
  let key = "";
  let value: AttributeValue;
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (wireType !== WireType.LengthDelimited) return false;
    if (field === 1) key = reader.string();
    else if (field === 2) value = decodeAnyValue(reader.bytes());
    else return false;
    return true;
  });
  into[key] = value;
}

/** AnyValue: string_value = 1, bool_value = 2, int_value = 3 (int64), double_value = 4, array_value = 5 (ArrayValue: values = 1). */
function decodeAnyValue(bytes: Uint8Array): AttributeValue {
  let value: AttributeValue;
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (wireType !== ANY_VALUE_WIRE_TYPES[field]) return false;
    switch (field) {
      case 1:
        value = reader.string();
        return true;
      case 2:
        value = reader.bool();
        return true;
      case 3:
        value = Number(reader.int64());
        return true;
      case 4:
        value = reader.double();
        return true;
      case 5: {
        const values: AttributeValue[] = [];
        eachField(new BinaryReader(reader.bytes()), (item, itemWire, itemReader) => {
          if (item !== 1 || itemWire !== WireType.LengthDelimited) return false;
          values.push(decodeAnyValue(itemReader.bytes()));
          return true;
        });
        value = values;
        return true;
      }
      default:
        return false;
    }
  });
  return value;
}

/** The string in field `number` of a message, if any. */
function stringField(bytes: Uint8Array, number: number): string | undefined {
  let found: string | undefined;
  eachField(new BinaryReader(bytes), (field, wireType, reader) => {
    if (field !== number || wireType !== WireType.LengthDelimited) return false;
    found = reader.string();
    return true;
  });
  return found;
}

/**
 * Calls `read` for each field of the message in `reader`; `read` consumes the value and returns
 * true, or returns false to have it skipped (a field these tests do not need).
 */
function eachField(reader: BinaryReader, read: (field: number, wireType: WireType, reader: BinaryReader) => boolean): void {
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (!read(field, wireType, reader)) reader.skip(wireType, field);
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
