import { Writable } from "node:stream";

const METHOD = /"method":"\/(shop\.[a-z]+\.v\d+\.[A-Za-z]+\/[A-Za-z]+)"/;

/**
 * Counts the RPCs the domain services report handling. Every service logs one JSON line per call
 * (`"msg":"rpc"`, or `"rpc failed"` at error level) with its `method`; this stream takes the
 * launcher's prefixed output of all processes and counts those lines per method, so calls are
 * counted where they are served, whoever made them. Health checks are not `shop.*` methods and
 * are not counted. The last lines are kept for diagnostics.
 */
export class RpcCounter extends Writable {
  private readonly counts = new Map<string, number>();
  private readonly tail: string[] = [];
  private carry = "";

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
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Counts per method ("shop.catalog.v1.CatalogService/BatchGetProducts") so far. */
  snapshot(): ReadonlyMap<string, number> {
    return new Map(this.counts);
  }

  /** The last lines seen (for an error report). */
  recentLines(): readonly string[] {
    return [...this.tail];
  }

  private take(line: string): void {
    if (line.includes('"msg":"rpc')) {
      const match = METHOD.exec(line);
      if (match) this.counts.set(match[1]!, (this.counts.get(match[1]!) ?? 0) + 1);
      return;
    }
    this.tail.push(line);
    if (this.tail.length > this.tailSize) this.tail.shift();
  }
}

/** Method counts between two snapshots. */
export function countsBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [method, n] of after) {
    const d = n - (before.get(method) ?? 0);
    if (d > 0) delta.set(method, d);
  }
  return delta;
}
