import { create } from "@bufbuild/protobuf";
import { StringValueSchema, type StringValue } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveTicker, type TickerHarness } from "./ticker-service.js";

/** Resolves with the reason once the handler's signal aborts. */
function abortReason(ctx: HandlerContext): Promise<unknown> {
  return new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve(ctx.signal.reason), { once: true }));
}

describe("server streaming, deadlines and cancellation over a real socket", () => {
  let ticker: TickerHarness;
  let client: any;
  let lastAbort: Promise<unknown> = Promise.resolve(undefined);
  let lastTimeoutMs: number | undefined;

  beforeAll(async () => {
    ticker = await serveTicker({
      async *tick(req: { value: number }, ctx: HandlerContext) {
        for (let i = 0; i < req.value; i++) {
          yield create(StringValueSchema, { value: `tick ${i}` });
        }
        if (req.value === 13) throw new ConnectError("unlucky", Code.FailedPrecondition);
        if (req.value === 0) {
          lastAbort = abortReason(ctx);
          await lastAbort;
        }
      },
      async echo(req: StringValue, ctx: HandlerContext) {
        lastTimeoutMs = ctx.timeoutMs();
        if (req.value === "slow") {
          lastAbort = abortReason(ctx);
          await lastAbort;
        }
        return { value: req.value };
      },
    });
    client = ticker.client;
  });
  afterAll(() => ticker.close());

  it("when a server-streaming method yields messages, then the client receives them in order", async () => {
    const got: string[] = [];
    for await (const m of client.tick({ value: 5 })) got.push((m as StringValue).value);
    expect(got).toEqual(["tick 0", "tick 1", "tick 2", "tick 3", "tick 4"]);
  });

  it("when a stream fails after some messages, then the client gets them and then the coded error", async () => {
    const got: string[] = [];
    const err = await (async () => {
      for await (const m of client.tick({ value: 13 })) got.push((m as StringValue).value);
    })().catch((e: unknown) => e);
    expect(got).toHaveLength(13);
    expect((err as ConnectError).code).toBe(Code.FailedPrecondition);
    expect((err as ConnectError).rawMessage).toBe("unlucky");
  });

  it("when a call has a timeout, then the handler sees the remaining time", async () => {
    await client.echo({ value: "x" }, { timeoutMs: 2_000 });
    expect(lastTimeoutMs).toBeGreaterThan(1_000);
    expect(lastTimeoutMs).toBeLessThanOrEqual(2_000);
  });

  it("when a handler is slower than the deadline, then the caller gets DEADLINE_EXCEEDED and the handler's signal aborts", async () => {
    const started = Date.now();
    const err = await client.echo({ value: "slow" }, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(2_000);
    const reason = await lastAbort;
    expect((reason as ConnectError).code).toBe(Code.DeadlineExceeded);
  });

  it("when the client aborts a unary call, then the handler's signal aborts as cancelled", async () => {
    const controller = new AbortController();
    const pending = client.echo({ value: "slow" }, { signal: controller.signal, timeoutMs: 5_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    const err = await pending;
    expect((err as ConnectError).code).toBe(Code.Canceled);
    const reason = await lastAbort;
    expect((reason as ConnectError).code).toBe(Code.Canceled);
  });

  it("when the client stops reading a stream, then the streaming handler's signal aborts", async () => {
    const controller = new AbortController();
    const reading = (async () => {
      for await (const _ of client.tick({ value: 0 }, { signal: controller.signal })) void _;
    })().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(((await reading) as ConnectError).code).toBe(Code.Canceled);
    expect(((await lastAbort) as ConnectError).code).toBe(Code.Canceled);
  });
});
