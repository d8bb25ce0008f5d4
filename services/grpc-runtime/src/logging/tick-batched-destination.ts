import type { DestinationStream } from "pino";

/** Where the gathered lines go: a synchronous stream that can also be flushed on exit. */
export interface SyncSink {
  write(chunk: string): unknown;
  flushSync?(): void;
}

/**
 * A pino destination that gathers the lines logged during one turn of the event loop and hands
 * them to `sink` in one write at the end of that turn (or at once past `maxPendingBytes`).
 *
 * A busy gRPC server finishes many calls per turn, and one synchronous write per turn costs less
 * server CPU per access-log line than one write per line (figures in
 * `test/bench/transport/README.md`), while a line still reaches the sink within the turn it was
 * logged in. On process exit (including an uncaught exception) the pending lines are written
 * synchronously; only a hard kill in the middle of a turn can lose them.
 */
export class TickBatchedDestination implements DestinationStream {
  readonly #sink: SyncSink;
  readonly #maxPendingBytes: number;
  #pending = "";
  #scheduled = false;
  readonly #flushLater = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  constructor(sink: SyncSink, maxPendingBytes = 64 * 1024) {
    this.#sink = sink;
    this.#maxPendingBytes = maxPendingBytes;
  }

  write(line: string): void {
    this.#pending += line;
    if (this.#pending.length >= this.#maxPendingBytes) {
      this.flush();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flushLater);
    }
  }

  /**
   * Writes every pending line to the sink now, then calls `done` — pino's `logger.flush(cb)`
   * passes its callback here and waits for it.
   */
  flush(done?: (error?: Error) => void): void {
    if (this.#pending !== "") {
      const lines = this.#pending;
      this.#pending = "";
      try {
        this.#sink.write(lines);
      } catch (error) {
        if (done === undefined) throw error;
        done(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    }
    done?.();
  }

  /** Writes every pending line and asks the sink to flush its own buffer, synchronously. */
  flushSync(): void {
    this.flush();
    this.#sink.flushSync?.();
  }
}
