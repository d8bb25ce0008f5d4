import { UserService } from "@shop/contracts/users/v1";
import { closeClient, createClient, silentLogger } from "@shop/grpc-runtime";
import { newId } from "@shop/grpc-runtime/ids";
import { invalidArgumentFields } from "@shop/grpc-runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUsersService, type RunningUsersService } from "../src/app.js";

// Every repeated field of a UserService request, flooded with bad values over a real socket: the
// answer is INVALID_ARGUMENT at once with a bounded list of violations, and the channel that
// carried it keeps serving (an oversized status trailer would stall it until every deadline).

describe("UserService bounded errors (real socket, PGlite in memory)", () => {
  let running: RunningUsersService;
  let client: ReturnType<typeof createClient<typeof UserService>>;

  beforeAll(async () => {
    running = await startUsersService({ inMemory: true, seed: false, logger: silentLogger() });
    client = createClient(UserService, running.address, { retry: false, defaultTimeoutMs: 5_000 });
    // Connected before the flooded calls, so each of them meets a channel already in use.
    await client.batchGetUsers({ ids: [newId()] });
  });
  afterAll(async () => {
    if (client) closeClient(client);
    await running?.stop();
  });

  /** The violated fields of `call`'s INVALID_ARGUMENT, once the same channel has answered a normal call after it. */
  async function expectBoundedInvalid(call: Promise<unknown>): Promise<string[]> {
    const fields = await invalidArgumentFields(call);
    const id = newId();
    expect((await client.batchGetUsers({ ids: [id] }, { timeoutMs: 5_000 })).missingIds).toEqual([id]);
    return fields;
  }

  it("when BatchGetUsers.ids holds 10,000 bad ids, then INVALID_ARGUMENT names ids before its deadline and the channel still answers", async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `bad-${i}`);
    expect(await expectBoundedInvalid(client.batchGetUsers({ ids }, { timeoutMs: 5_000 }))).toEqual(["ids"]);
  });

  it("when BatchGetUsers.ids holds 500 bad ids, then the first 20 are named and one summary counts the rest", async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `bad-${i}`);
    const fields = await expectBoundedInvalid(client.batchGetUsers({ ids }, { timeoutMs: 5_000 }));
    expect(fields).toEqual([...Array.from({ length: 20 }, (_, i) => `ids[${i}]`), "ids"]);
  });

  it("when BatchGetUsers.read_mask holds 10,000 unknown paths, then the first 20 are named and one summary counts the rest", async () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `unknown_${i}_${"x".repeat(100)}`);
    const fields = await expectBoundedInvalid(client.batchGetUsers({ ids: [newId()], readMask: { paths } }, { timeoutMs: 5_000 }));
    expect(fields).toEqual([...Array.from({ length: 20 }, (_, i) => `read_mask.paths[${i}]`), "read_mask"]);
  });
});
