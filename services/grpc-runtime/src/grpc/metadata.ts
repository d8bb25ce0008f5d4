import { Metadata } from "@grpc/grpc-js";

/** Copies grpc-js metadata into Fetch `Headers` (binary values base64-encoded, as Connect does). */
export function headersFromMetadata(metadata: Metadata | null | undefined): Headers {
  const headers = new Headers();
  if (!metadata) return headers;
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) {
      headers.append(key, typeof value === "string" ? value : Buffer.from(value).toString("base64"));
    }
  }
  return headers;
}

/** Adds Fetch headers to grpc-js metadata (keys ending in `-bin` are base64-decoded). */
export function appendHeadersToMetadata(metadata: Metadata, headers: HeadersInit | undefined): void {
  if (headers === undefined) return;
  const add = (key: string, value: string): void => {
    const lower = key.toLowerCase();
    if (lower.startsWith("grpc-") || lower === "content-type" || lower === "te") return;
    if (lower.endsWith("-bin")) metadata.add(lower, Buffer.from(value, "base64"));
    else metadata.add(lower, value);
  };
  if (headers instanceof Headers) headers.forEach((value, key) => add(key, value));
  else if (Array.isArray(headers)) for (const [k, v] of headers) add(k, v);
  else for (const [k, v] of Object.entries(headers)) add(k, v);
}

/** First text value of a metadata key, or undefined. */
export function firstText(metadata: Metadata, key: string): string | undefined {
  const values = metadata.get(key);
  const value = values[0];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
