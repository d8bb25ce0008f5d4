import { describe, expect, it } from "vitest";
import { createLogger, runWithRequestContext } from "../../src/index.js";
import { memoryLog } from "../grpc/memory-log.js";

describe("log lines of a request", () => {
  it("when a line is written while a request is served, then it carries the request id, trace id and span id; outside one it carries neither", async () => {
    const log = memoryLog();
    const logger = createLogger("orders", { destination: log.stream });
    logger.info({ port: 4000 }, "listening");
    logger.info("before");
    await runWithRequestContext({ requestId: "req-1", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }, async () => {
      await Promise.resolve();
      logger.warn({ detail: 1 }, "inside");
    });
    runWithRequestContext({ requestId: "req-2" }, () => logger.info("no trace"));
    const [listening, before, inside, noTrace] = log.lines();
    expect(listening).toMatchObject({ port: 4000 });
    // One line's own fields never leak into the next.
    expect(before).not.toHaveProperty("port");
    expect(before).not.toHaveProperty("requestId");
    expect(before).not.toHaveProperty("traceId");
    expect(inside).toMatchObject({ msg: "inside", detail: 1, requestId: "req-1", traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" });
    expect(noTrace).toMatchObject({ requestId: "req-2" });
    expect(noTrace).not.toHaveProperty("traceId");
  });

  it("when a line names its own request id, then that one is written once", () => {
    const log = memoryLog();
    const logger = createLogger("orders", { destination: log.stream });
    runWithRequestContext({ requestId: "ctx" }, () => logger.info({ requestId: "explicit" }, "line"));
    const raw = JSON.stringify(log.lines()[0]);
    expect(log.lines()[0]!.requestId).toBe("explicit");
    expect(raw.match(/requestId/g)).toHaveLength(1);
  });
});
