import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { StatusSchema } from "@shop/contracts/google/rpc/status";
import { UserService } from "@shop/contracts/users/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  boundedStatusMessage,
  encodeStatusDetails,
  MAX_STATUS_DETAILS_BYTES,
  MAX_STATUS_MESSAGE_BYTES,
} from "../../src/errors/status-codec.js";
import {
  closeClient,
  createClient,
  fieldViolationsOf,
  invalidArgument,
  notFound,
  notFoundIdsOf,
  service,
  startGrpcServer,
  type GrpcServer,
} from "../../src/index.js";

const bytes = (text: string) => Buffer.byteLength(text);

describe("status message cap", () => {
  it("when a message fits, then it is kept as it is", () => {
    expect(boundedStatusMessage("ids[3]: must be a lower-case UUIDv7")).toBe("ids[3]: must be a lower-case UUIDv7");
    const exact = "x".repeat(MAX_STATUS_MESSAGE_BYTES);
    expect(boundedStatusMessage(exact)).toBe(exact);
  });

  it("when an ASCII message is longer than 1 KiB, then it is cut to 1 KiB ending with …", () => {
    const cut = boundedStatusMessage("a; ".repeat(10_000));
    expect(bytes(cut)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    expect(bytes(cut)).toBeGreaterThan(MAX_STATUS_MESSAGE_BYTES - 8);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("when a message of multi-byte characters is cut, then it is cut between characters, never inside one", () => {
    for (const unit of ["😀", "é", "李", "a😀"]) {
      const cut = boundedStatusMessage(unit.repeat(5_000));
      expect(bytes(cut)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
      expect(cut.endsWith("…")).toBe(true);
      expect(cut.slice(0, -1)).toBe(unit.repeat(5_000).slice(0, cut.length - 1));
      expect(Buffer.from(cut, "utf8").toString("utf8")).toBe(cut);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});

describe("status details cap", () => {
  it("when the details fit, then they are all encoded with the message", () => {
    const encoded = encodeStatusDetails(notFound("user", ["a", "b"]))!;
    const status = fromBinary(StatusSchema, encoded);
    expect(status.code).toBe(Code.NotFound);
    expect(status.message).toBe("user not found: a, b");
    expect(status.details).toHaveLength(2);
  });

  it("when there are too many details, then they are dropped from the end until the status fits in 3 KiB", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `0190f5b4-7c2a-7000-8000-${String(i).padStart(12, "0")}`);
    const encoded = encodeStatusDetails(notFound("product", ids))!;
    expect(encoded.length).toBeLessThanOrEqual(MAX_STATUS_DETAILS_BYTES);
    const status = fromBinary(StatusSchema, encoded);
    expect(status.details.length).toBeGreaterThan(10);
    expect(status.details.length).toBeLessThan(100);
    expect(bytes(status.message)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    const kept = new ConnectError("", Code.NotFound);
    kept.details = status.details.map((any) => ({ type: any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1), value: any.value }));
    expect(notFoundIdsOf(kept)).toEqual(ids.slice(0, status.details.length));
  });

  it("when not even the first detail fits, then the whole detail list is dropped", () => {
    const violations = Array.from({ length: 10_000 }, (_, i) => ({ field: `statuses[${i}]`, description: "is not a known order status" }));
    expect(encodeStatusDetails(invalidArgument(violations))).toBeUndefined();
  });
});

describe("bounded error statuses over a real socket", () => {
  let server: GrpcServer;
  let client: ReturnType<typeof createClient<typeof UserService>>;
  const ids = Array.from({ length: 10_000 }, (_, i) => `bad-id-${i}`);

  beforeAll(async () => {
    server = await startGrpcServer({
      services: [
        service(UserService, {
          getUser(request) {
            return { user: { id: request.id } };
          },
          // Whatever a handler throws, however large, must reach the caller.
          batchGetUsers(request) {
            throw invalidArgument(request.ids.map((id, i) => ({ field: `ids[${i}]`, description: `${id} must be a lower-case UUIDv7` })));
          },
          updateUser(request) {
            throw notFound("user", Array.from({ length: 10_000 }, (_, i) => `${request.id}-${i}`));
          },
          createUser(request) {
            throw new ConnectError(request.displayName, Code.FailedPrecondition);
          },
        }),
      ],
      serving: true,
    });
    client = createClient(UserService, server.address, { retry: false, defaultTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    closeClient(client);
    await server?.shutdown();
  });

  async function failsFast(call: Promise<unknown>, code: Code): Promise<ConnectError> {
    const error = await call.then(
      () => {
        throw new Error("expected the call to fail");
      },
      (e: unknown) => ConnectError.from(e),
    );
    expect(error.code, error.message).toBe(code);
    expect((await client.getUser({ id: "next" }, { timeoutMs: 5_000 })).user?.id).toBe("next");
    return error;
  }

  it("when a handler throws INVALID_ARGUMENT with 10,000 violations, then the caller gets it at once and the channel keeps working", async () => {
    const error = await failsFast(client.batchGetUsers({ ids }, { timeoutMs: 5_000 }), Code.InvalidArgument);
    expect(bytes(error.rawMessage)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
    expect(fieldViolationsOf(error)).toEqual([]);
  });

  it("when a handler throws NOT_FOUND naming 10,000 ids, then the caller gets the first ones at once and the channel keeps working", async () => {
    const error = await failsFast(client.updateUser({ id: "u" }, { timeoutMs: 5_000 }), Code.NotFound);
    expect(notFoundIdsOf(error).slice(0, 2)).toEqual(["u-0", "u-1"]);
    expect(notFoundIdsOf(error).length).toBeLessThan(100);
  });

  it("when a handler throws a 100,000-character non-ASCII message, then the caller gets it cut and the channel keeps working", async () => {
    const error = await failsFast(client.createUser({ displayName: "ü😀".repeat(33_000) }, { timeoutMs: 5_000 }), Code.FailedPrecondition);
    expect(error.rawMessage.startsWith("ü😀ü😀")).toBe(true);
    expect(error.rawMessage.endsWith("…")).toBe(true);
    expect(bytes(error.rawMessage)).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
  });
});
