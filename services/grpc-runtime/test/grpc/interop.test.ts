import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  Server,
  ServerCredentials,
  status,
  type Client,
  type ServiceError,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { UserService } from "@shop/contracts/users/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeClient, createClient, service, startGrpcServer, type GrpcServer } from "../../src/index.js";
import { ALICE, fakeUsers } from "./fake-users.js";

// The "plain" side of each test is grpc-js + proto-loader reading the .proto source: no project
// code, no protobuf-es.
const protoRoot = join(fileURLToPath(new URL(".", import.meta.url)), "../../../../proto");
const definition = loadSync("shop/users/v1/users.proto", { includeDirs: [protoRoot], keepCase: false, longs: String, defaults: true });
const plain = loadPackageDefinition(definition) as any;
const PlainUserService = plain.shop.users.v1.UserService;

describe("interop: plain grpc-js client → project server", () => {
  let server: GrpcServer;
  let client: Client & Record<string, any>;

  beforeAll(async () => {
    server = await startGrpcServer({ services: [service(UserService, fakeUsers())], serving: true });
    client = new PlainUserService(server.address, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.shutdown();
  });

  it("when a plain client calls GetUser, then it decodes the project server's answer", async () => {
    const res = await new Promise<any>((resolve, reject) =>
      client.GetUser({ id: ALICE.id }, (err: ServiceError | null, r: unknown) => (err ? reject(err) : resolve(r))),
    );
    expect(res.user).toMatchObject({ id: ALICE.id, email: ALICE.email, displayName: "Alice" });
  });

  it("when the project server fails, then the plain client sees the gRPC code, message and a status-details trailer", async () => {
    const err = await new Promise<ServiceError>((resolve) =>
      client.GetUser({ id: "missing" }, (e: ServiceError | null) => resolve(e!)),
    );
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toBe("user not found: missing");
    expect(err.metadata.get("grpc-status-details-bin")[0]).toBeInstanceOf(Buffer);
  });
});

describe("interop: project client → plain grpc-js server", () => {
  let server: Server;
  let address: string;
  let seenRequestId: unknown;

  beforeAll(async () => {
    server = new Server();
    server.addService(PlainUserService.service, {
      GetUser(call: any, callback: any) {
        seenRequestId = call.metadata.get("x-request-id")[0];
        if (call.request.id !== ALICE.id) {
          callback({ code: status.NOT_FOUND, details: "no such user" });
          return;
        }
        const trailer = new Metadata();
        trailer.set("x-served-by", "plain");
        callback(null, { user: { id: ALICE.id, email: ALICE.email, displayName: "Alice", createTime: { seconds: "1700000000", nanos: 5 } } }, trailer);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server.forceShutdown());

  it("when the project client calls a plain server, then it gets a typed message, headers and trailers", async () => {
    const client = createClient(UserService, address);
    let trailer: Headers | undefined;
    const res = await client.getUser({ id: ALICE.id }, { headers: { "x-request-id": "interop-1" }, onTrailer: (t) => (trailer = t) });
    closeClient(client);
    expect(res.user?.displayName).toBe("Alice");
    expect(res.user?.createTime?.seconds).toBe(1_700_000_000n);
    expect(res.user?.createTime?.nanos).toBe(5);
    expect(seenRequestId).toBe("interop-1");
    expect(trailer?.get("x-served-by")).toBe("plain");
  });

  it("when the plain server fails, then the project client gets a ConnectError with the same code and message", async () => {
    const client = createClient(UserService, address);
    const err = await client.getUser({ id: "x" }).catch((e: unknown) => e);
    closeClient(client);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.NotFound);
    expect((err as ConnectError).rawMessage).toBe("no such user");
  });
});
