import { Writable } from "node:stream";

const METHOD = /"method":"\/(shop\.[a-z]+\.v\d+\.[A-Za-z]+\/[A-Za-z]+)"/;
const REQUEST_BYTES = /"requestBytes":(\d+)/;
const RESPONSE_BYTES = /"responseBytes":(\d+)/;

/** What the services logged for one method: calls and the protobuf payload bytes they moved. */
export interface MethodTally {
  readonly calls: number;
  /** Request message bytes, summed over the calls (no gRPC framing). */
  readonly requestBytes: number;
  /** Response message bytes, summed over the calls (no gRPC framing). */
  readonly responseBytes: number;
}

type MutableTally = { -readonly [K in keyof MethodTally]: MethodTally[K] };

/**
 * Counts the RPCs the domain services report handling. Every service logs one JSON line per call
 * (`"msg":"rpc"`, or `"rpc failed"` at error level) with its `method` and the payload sizes
 * (`requestBytes`, `responseBytes`); this stream takes the launcher's prefixed output of all
 * processes and sums those lines per method, so calls and bytes are counted where they are
 * served, whoever made them. Health checks are not `shop.*` methods and are not counted. The
 * last other lines are kept for diagnostics.
 */
export class RpcCounter extends Writable {
  private readonly tallies = new Map<string, MutableTally>();
  private readonly tail: string[] = [];
  private carry = "";
  private calls = 0;

  constructor(private readonly tailSize = 200) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = this.carry + chunk.toString();
    const lines = text.split("\n");
    this.carry = lines.pop() ?? "";
    for (const line of lines) this.take(line);
    done();
  }

  /** Total RPCs counted so far. */
  get total(): number {
    return this.calls;
  }

  /** Calls and bytes per method ("shop.catalog.v1.CatalogService/BatchGetProducts") so far. */
  snapshot(): ReadonlyMap<string, MethodTally> {
    return new Map([...this.tallies].map(([method, tally]) => [method, { ...tally }]));
  }

  /** The last lines seen (for an error report). */
  recentLines(): readonly string[] {
    return [...this.tail];
  }

  private take(line: string): void {
    if (line.includes('"msg":"rpc')) {
      const match = METHOD.exec(line);
      if (match) this.count(match[1]!, bytesOf(REQUEST_BYTES, line), bytesOf(RESPONSE_BYTES, line));
      return;
    }
    this.tail.push(line);
    if (this.tail.length > this.tailSize) this.tail.shift();
  }

  private count(method: string, requestBytes: number, responseBytes: number): void {
    let tally = this.tallies.get(method);
    if (tally === undefined) this.tallies.set(method, (tally = { calls: 0, requestBytes: 0, responseBytes: 0 }));
    tally.calls += 1;
    tally.requestBytes += requestBytes;
    tally.responseBytes += responseBytes;
    this.calls += 1;
  }
}

function bytesOf(pattern: RegExp, line: string): number {
  const match = pattern.exec(line);
  return match ? Number(match[1]) : 0;
}

/** Calls and bytes per method between two snapshots (methods without calls in between left out). */
export function talliesBetween(before: ReadonlyMap<string, MethodTally>, after: ReadonlyMap<string, MethodTally>): Map<string, MethodTally> {
  const delta = new Map<string, MethodTally>();
  for (const [method, now] of after) {
    const then = before.get(method) ?? { calls: 0, requestBytes: 0, responseBytes: 0 };
    if (now.calls === then.calls) continue;
    delta.set(method, {
      calls: now.calls - then.calls,
      requestBytes: now.requestBytes - then.requestBytes,
      responseBytes: now.responseBytes - then.responseBytes,
    });
  }
  return delta;
}

/** Request plus response bytes over every method of `tallies`. */
export function payloadBytesOf(tallies: ReadonlyMap<string, MethodTally>): number {
  let sum = 0;
  for (const tally of tallies.values()) sum += tally.requestBytes + tally.responseBytes;
  return sum;
}
