import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { TickBatchedDestination } from "./tick-batched-destination.js";

function recordingSink() {
  const writes: string[] = [];
  let flushes = 0;
  return {
    writes,
    flushes: () => flushes,
    sink: { write: (chunk: string) => writes.push(chunk), flushSync: () => void flushes++ },
  };
}

const endOfTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("TickBatchedDestination", () => {
  it("when several lines are logged in one turn, then the sink gets them in one write, in order, by the end of that turn", async () => {
    const { writes, sink } = recordingSink();
    const destination = new TickBatchedDestination(sink);
    destination.write("a\n");
    destination.write("b\n");
    destination.write("c\n");
    expect(writes).toEqual([]);
    await endOfTurn();
    expect(writes).toEqual(["a\nb\nc\n"]);
  });

  it("when lines are logged in separate turns, then each turn is its own write", async () => {
    const { writes, sink } = recordingSink();
    const destination = new TickBatchedDestination(sink);
    destination.write("a\n");
    await endOfTurn();
    destination.write("b\n");
    await endOfTurn();
    expect(writes).toEqual(["a\n", "b\n"]);
  });

  it("when the pending lines reach the size limit, then they are written at once", () => {
    const { writes, sink } = recordingSink();
    const destination = new TickBatchedDestination(sink, 10);
    destination.write("12345\n");
    expect(writes).toEqual([]);
    destination.write("67890\n");
    expect(writes).toEqual(["12345\n67890\n"]);
  });

  it("when flushSync is called, then pending lines are written and the sink is flushed, synchronously", () => {
    const { writes, flushes, sink } = recordingSink();
    const destination = new TickBatchedDestination(sink);
    destination.write("last words\n");
    destination.flushSync();
    expect(writes).toEqual(["last words\n"]);
    expect(flushes()).toBe(1);
  });

  it("when nothing is pending, then a flush writes nothing", async () => {
    const { writes, sink } = recordingSink();
    const destination = new TickBatchedDestination(sink);
    destination.flush();
    await endOfTurn();
    expect(writes).toEqual([]);
  });

  it("when a pino logger is flushed with a callback, then the pending lines are written before the callback runs", async () => {
    const { writes, sink } = recordingSink();
    const logger = pino({ base: null, timestamp: false }, new TickBatchedDestination(sink));
    logger.info("pending");
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    expect(writes).toEqual(['{"level":30,"msg":"pending"}\n']);
  });

  it("when the sink fails while flushing with a callback, then the callback gets the error", () => {
    const destination = new TickBatchedDestination({ write: () => { throw new Error("disk full"); } });
    destination.write("line\n");
    let seen: Error | undefined;
    destination.flush((error) => (seen = error));
    expect(seen?.message).toBe("disk full");
  });
});
