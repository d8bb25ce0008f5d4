import { createGraphQLError, type Plugin } from "graphql-yoga";

const DIGITS = /^\d+$/;

/**
 * The request body byte limit: a larger body is refused with 413 before it is parsed.
 *
 * Yoga's own `maxRequestBodySize` stays off: it pipes every request body through a
 * TransformStream, a large share of the BFF's CPU per request (figures in
 * `test/bench/bff/README.md`). Here a declared `Content-Length` is checked without touching the
 * body: over HTTP, Node's parser hands over exactly that many bytes and refuses a request that
 * also declares `Transfer-Encoding`. Only a body of undeclared length (chunked) is counted while
 * it is read, and reading stops at the limit. An in-process `yoga.fetch` caller (tests,
 * benchmarks) is trusted to declare its own length truthfully.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (!DIGITS.test(declared)) throw invalidContentLength();
        if (Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
        return;
      }
      if (requestParser === undefined || request.body === null) return;
      setRequestParser(async (original) => {
        const body = await readWithin(original, maxBytes);
        const bounded = new fetchAPI.Request(original.url, { method: original.method, headers: original.headers, body, signal: original.signal });
        return requestParser(bounded);
      });
    },
  };
}

/** The whole body of `request`, or a 413 error as soon as it passes `maxBytes`. */
async function readWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

function bodyTooLarge(maxBytes: number) {
  return createGraphQLError(`Request body is larger than the limit of ${maxBytes} bytes.`, {
    extensions: { http: { status: 413 }, code: "REQUEST_ENTITY_TOO_LARGE" },
  });
}

function invalidContentLength() {
  return createGraphQLError("Content-Length header is invalid.", {
    extensions: { http: { status: 400 }, code: "BAD_REQUEST" },
  });
}
