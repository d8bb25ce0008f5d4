import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedPrecondition, preconditionViolationsOf } from "../../src/index.js";
import { serveTicker, type TickerHarness } from "./ticker-service.js";

const CODES = Object.values(Code).filter((c): c is Code => typeof c === "number");

describe("every status code across a real socket", () => {
  let ticker: TickerHarness;
  let client: any;

  beforeAll(async () => {
    ticker = await serveTicker({
      echo(req: { value: string }, ctx: { responseHeader: Headers; responseTrailer: Headers }) {
        if (req.value === "stock") {
          throw failedPrecondition([{ type: "STOCK", subject: "product-1", description: "only 2 left" }], "not enough stock");
        }
        if (req.value === "headers") {
          ctx.responseHeader.set("x-served-by", "echo");
          ctx.responseTrailer.set("x-rows", "3");
          return { value: "ok" };
        }
        const code = Number(req.value) as Code;
        throw new ConnectError(`failed with ${code}`, code);
      },
    });
    client = ticker.client;
  });
  afterAll(() => ticker.close());

  it("when a handler throws each gRPC code, then the client sees the same code and message", async () => {
    expect(CODES).toHaveLength(16);
    for (const code of CODES) {
      const err = await client.echo({ value: String(code) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect([code, (err as ConnectError).rawMessage]).toEqual([(err as ConnectError).code, `failed with ${code}`]);
    }
  });

  it("when a precondition fails, then FAILED_PRECONDITION carries its violations", async () => {
    const err = await client.echo({ value: "stock" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.FailedPrecondition);
    expect(preconditionViolationsOf(err)).toEqual([{ type: "STOCK", subject: "product-1", description: "only 2 left" }]);
  });

  it("when a handler sets response headers and trailers, then the client receives them", async () => {
    let header: Headers | undefined;
    let trailer: Headers | undefined;
    await client.echo({ value: "headers" }, { onHeader: (h: Headers) => (header = h), onTrailer: (t: Headers) => (trailer = t) });
    expect(header?.get("x-served-by")).toBe("echo");
    expect(trailer?.get("x-rows")).toBe("3");
  });
});
