import { create, toBinary } from "@bufbuild/protobuf";
import { Int32ValueSchema, StringValueSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { Client as GrpcClient, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { GetUserRequestSchema, GetUserResponseSchema, UserService } from "@shop/contracts/users/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeClient, createClient, createLogger, service, startGrpcServer, type GrpcServer } from "../../src/index.js";
import { ALICE, fakeUsers } from "./fake-users.js";
import { memoryLog } from "./memory-log.js";
import { serveTicker, type TickerHarness } from "./ticker-service.js";

/** The log line of the call sent with `x-request-id: requestId`. */
function lineOf(log: ReturnType<typeof memoryLog>, requestId: string): Record<string, unknown> | undefined {
  return log.lines().find((line) => line.requestId === requestId);
}

describe("the per-call log line carries the payload sizes served", () => {
  const log = memoryLog();
  let server: GrpcServer;
  let client: ReturnType<typeof createClient<typeof UserService>>;
  let ticker: TickerHarness;

  beforeAll(async () => {
    const logger = createLogger("bytes-test", { destination: log.stream });
    server = await startGrpcServer({ services: [service(UserService, fakeUsers())], logger, serving: true });
    client = createClient(UserService, server.address, { retry: false });
    ticker = await serveTicker(
      {
        async *tick(req: { value: number }) {
          for (let i = 0; i < req.value; i++) yield create(StringValueSchema, { value: `tick ${"x".repeat(i * 10)}` });
        },
      },
      logger,
    );
  });
  afterAll(async () => {
    closeClient(client);
    await ticker.close();
    await server.shutdown();
  });

  it("when a unary call succeeds, then requestBytes and responseBytes are its messages' protobuf sizes", async () => {
    const response = await client.getUser({ id: ALICE.id }, { headers: { "x-request-id": "bytes-ok" } });
    expect(lineOf(log, "bytes-ok")).toMatchObject({
      msg: "rpc",
      code: "OK",
      requestBytes: toBinary(GetUserRequestSchema, create(GetUserRequestSchema, { id: ALICE.id })).length,
      responseBytes: toBinary(GetUserResponseSchema, response).length,
    });
    expect(toBinary(GetUserResponseSchema, response).length).toBeGreaterThan(50);
  });

  it("when a unary call fails, then the request is counted and the response is 0 bytes", async () => {
    await client.getUser({ id: "missing" }, { headers: { "x-request-id": "bytes-not-found" } }).catch(() => undefined);
    expect(lineOf(log, "bytes-not-found")).toMatchObject({
      code: "NOT_FOUND",
      requestBytes: toBinary(GetUserRequestSchema, create(GetUserRequestSchema, { id: "missing" })).length,
      responseBytes: 0,
    });
  });

  it("when a server stream sends messages, then responseBytes is the sum over the messages", async () => {
    const received: Uint8Array[] = [];
    for await (const message of ticker.client.tick({ value: 4 }, { headers: { "x-request-id": "bytes-stream" } })) {
      received.push(toBinary(StringValueSchema, message));
    }
    expect(received).toHaveLength(4);
    expect(lineOf(log, "bytes-stream")).toMatchObject({
      code: "OK",
      requestBytes: toBinary(Int32ValueSchema, create(Int32ValueSchema, { value: 4 })).length,
      responseBytes: received.reduce((sum, bytes) => sum + bytes.length, 0),
    });
  });

  it("when the request bytes are not a valid message, then INTERNAL, and the failure is logged with their size", async () => {
    const raw = new GrpcClient(server.address, credentials.createInsecure());
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]); // field 1, a length far past the end
    const metadata = new Metadata();
    metadata.set("x-request-id", "bytes-garbage");
    const err = await new Promise<ServiceError>((resolve) =>
      raw.makeUnaryRequest(
        "/shop.users.v1.UserService/GetUser",
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        garbage,
        metadata,
        (e) => resolve(e!),
      ),
    );
    raw.close();
    expect(err.code).toBe(Code.Internal);
    expect(err.details).toBe("request could not be decoded");
    expect(lineOf(log, "bytes-garbage")).toMatchObject({ msg: "rpc failed", code: "INTERNAL", requestBytes: garbage.length, responseBytes: 0 });
  });
});
