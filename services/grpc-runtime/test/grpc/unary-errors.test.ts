import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ResourceInfoSchema } from "@shop/contracts/google/rpc/error_details";
import { UserService } from "@shop/contracts/users/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeClient,
  createClient,
  createLogger,
  fieldViolationsOf,
  notFoundIdsOf,
  service,
  startGrpcServer,
  type GrpcServer,
} from "../../src/index.js";
import { ALICE, fakeUsers } from "./fake-users.js";
import { memoryLog } from "./memory-log.js";

describe("unary calls and the error model over a real socket", () => {
  const log = memoryLog();
  let server: GrpcServer;
  let client: ReturnType<typeof createClient<typeof UserService>>;

  beforeAll(async () => {
    server = await startGrpcServer({
      services: [service(UserService, fakeUsers())],
      logger: createLogger("users-test", { destination: log.stream }),
      serving: true,
    });
    client = createClient(UserService, server.address, { retry: false });
  });
  afterAll(async () => {
    closeClient(client);
    await server.shutdown();
  });

  it("when a user exists, then GetUser returns it decoded", async () => {
    const res = await client.getUser({ id: ALICE.id });
    expect(res.user?.email).toBe("alice@example.com");
    expect(res.user?.displayName).toBe("Alice");
  });

  it("when a user is missing, then NOT_FOUND carries the missing id as ResourceInfo", async () => {
    const err = await client.getUser({ id: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.NotFound);
    expect((err as ConnectError).findDetails(ResourceInfoSchema)[0]?.resourceType).toBe("user");
    expect(notFoundIdsOf(err)).toEqual(["nope"]);
  });

  it("when calls succeed and fail, then the process's stack trace limit is left as it was and errors still carry a stack", async () => {
    const limit = Error.stackTraceLimit;
    await client.getUser({ id: ALICE.id });
    const err = await client.getUser({ id: "nope" }).catch((e: unknown) => e);
    expect(Error.stackTraceLimit).toBe(limit);
    expect((err as ConnectError).stack).toContain("ConnectError");
  });

  it("when fields are invalid, then INVALID_ARGUMENT carries every field violation", async () => {
    const err = await client.createUser({ email: "x", password: "short", displayName: "X" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).findDetails(BadRequestSchema)).toHaveLength(1);
    expect(fieldViolationsOf(err)).toEqual([
      { field: "email", description: "must be an email address" },
      { field: "password", description: "must be at least 8 chars" },
    ]);
  });

  it("when the email is taken, then ALREADY_EXISTS", async () => {
    const err = await client.createUser({ email: ALICE.email, password: "long enough", displayName: "A" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.AlreadyExists);
    expect((err as ConnectError).rawMessage).toBe("user already exists: alice@example.com");
  });

  it("when credentials are wrong, then UNAUTHENTICATED with the handler's message", async () => {
    const err = await client.verifyCredentials({ email: "a", password: "b" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unauthenticated);
    expect((err as ConnectError).rawMessage).toBe("wrong email or password");
  });

  it("when a handler throws a plain Error, then the caller sees INTERNAL with a generic message and the log has the cause", async () => {
    const err = await client.createUser({ email: "c@example.com", password: "long enough", displayName: "boom" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Internal);
    expect((err as ConnectError).rawMessage).toBe("internal error");
    expect(JSON.stringify((err as ConnectError).details)).not.toContain("hunter2");
    const line = log.lines().find((l) => l.code === "INTERNAL");
    expect(line?.method).toBe("/shop.users.v1.UserService/CreateUser");
    expect(JSON.stringify(line?.err)).toContain("hunter2");
  });

  it("when a method is not implemented, then UNIMPLEMENTED", async () => {
    const err = await client.updateUser({ id: ALICE.id }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unimplemented);
  });

  it("when a call completes, then the server logs one JSON line with method, code, duration, request id and peer", async () => {
    const before = log.lines().length;
    await client.getUser({ id: ALICE.id }, { headers: { "x-request-id": "req-123" } });
    const lines = log.lines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "/shop.users.v1.UserService/GetUser", code: "OK", requestId: "req-123" });
    expect(typeof lines[0]?.durationMs).toBe("number");
    expect(String(lines[0]?.peer)).toContain("127.0.0.1");
  });
});
