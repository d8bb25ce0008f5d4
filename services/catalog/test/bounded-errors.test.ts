import { CatalogService } from "@shop/contracts/catalog/v1";
import { closeClient, createClient, silentLogger } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { invalidArgumentFields } from "@shop/grpc-runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCatalogService, type RunningCatalogService } from "../src/app.js";

// Every repeated field of a CatalogService request, flooded with bad values over a real socket: the
// answer is INVALID_ARGUMENT at once with a bounded list of violations, and the channel that
// carried it keeps serving (an oversized status trailer would stall it until every deadline).

describe("CatalogService bounded errors (real socket, PGlite in memory)", () => {
  let running: RunningCatalogService;
  let client: ReturnType<typeof createClient<typeof CatalogService>>;

  beforeAll(async () => {
    running = await startCatalogService({ inMemory: true, seed: false, logger: silentLogger() });
    client = createClient(CatalogService, running.address, { retry: false, defaultTimeoutMs: 5_000 });
    // Connected before the flooded calls, so each of them meets a channel already in use.
    await client.batchGetProducts({ ids: [newId()] });
  });
  afterAll(async () => {
    if (client) closeClient(client);
    await running?.stop();
  });

  /** The violated fields of `call`'s INVALID_ARGUMENT, once the same channel has answered a normal call after it. */
  async function expectBoundedInvalid(call: Promise<unknown>): Promise<string[]> {
    const fields = await invalidArgumentFields(call);
    const id = newId();
    expect((await client.batchGetProducts({ ids: [id] }, { timeoutMs: 5_000 })).missingIds).toEqual([id]);
    return fields;
  }

  const badIds = (n: number) => Array.from({ length: n }, (_, i) => `bad-${i}`);
  const badLines = (n: number) => Array.from({ length: n }, () => ({ productId: "not-a-product", quantity: 0 }));

  it("when BatchGetProducts.ids holds 10,000 bad ids, then INVALID_ARGUMENT names ids before its deadline and the channel still answers", async () => {
    expect(await expectBoundedInvalid(client.batchGetProducts({ ids: badIds(10_000) }, { timeoutMs: 5_000 }))).toEqual(["ids"]);
  });

  it("when BatchGetProducts.ids holds 500 bad ids, then the first 20 are named and one summary counts the rest", async () => {
    const fields = await expectBoundedInvalid(client.batchGetProducts({ ids: badIds(500) }, { timeoutMs: 5_000 }));
    expect(fields).toEqual([...Array.from({ length: 20 }, (_, i) => `ids[${i}]`), "ids"]);
  });

  it("when BatchGetProducts.read_mask holds 10,000 unknown paths, then the first 20 are named and one summary counts the rest", async () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `unknown_${i}_${"x".repeat(100)}`);
    const fields = await expectBoundedInvalid(client.batchGetProducts({ ids: [newId()], readMask: { paths } }, { timeoutMs: 5_000 }));
    expect(fields).toEqual([...Array.from({ length: 20 }, (_, i) => `read_mask.paths[${i}]`), "read_mask"]);
  });

  it("when ReserveStock.lines holds 10,000 bad lines, then INVALID_ARGUMENT names lines before its deadline and the channel still answers", async () => {
    const fields = await expectBoundedInvalid(client.reserveStock({ reservationId: "r-1", lines: badLines(10_000) }, { timeoutMs: 5_000 }));
    expect(fields).toEqual(["lines"]);
  });

  it("when ReserveStock.lines holds 100 bad lines, then the first 20 violations are named and one summary counts the rest", async () => {
    const fields = await expectBoundedInvalid(client.reserveStock({ reservationId: "r-2", lines: badLines(100) }, { timeoutMs: 5_000 }));
    expect(fields).toHaveLength(21);
    expect(fields.slice(0, 2)).toEqual(["lines[0].product_id", "lines[0].quantity"]);
    expect(fields[20]).toBe("lines");
  });
});
