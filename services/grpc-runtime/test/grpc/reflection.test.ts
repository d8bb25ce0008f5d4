import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { credentials, loadPackageDefinition, type Client, type ClientDuplexStream, type ServiceError } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { UserService } from "@shop/contracts/users/v1";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { service, startGrpcServer, type GrpcServer } from "../../src/index.js";
import { ALICE, fakeUsers } from "./fake-users.js";

// A generic reflection client written with grpc-js, proto-loader and protobufjs only: it knows
// the reflection protocol and nothing about the shop's contracts.
const require = createRequire(import.meta.url);
const protobuf = require("protobufjs");
const descriptor = require("protobufjs/ext/descriptor");
const reflectionProto = join(dirname(require.resolve("@grpc/reflection/package.json")), "build/proto/grpc/reflection/v1/reflection.proto");
const reflectionPackage = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as any;

type Reflection = Client & { ServerReflectionInfo(): ClientDuplexStream<any, any> };

function ask(client: Reflection, request: Record<string, string>): Promise<any> {
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.on("data", (res: any) => {
      resolve(res);
      call.end();
    });
    call.on("error", reject);
    call.write(request);
  });
}

describe("server reflection", () => {
  let server: GrpcServer;
  let reflection: Reflection;

  beforeAll(async () => {
    server = await startGrpcServer({
      services: [service(UserService, fakeUsers()), service(CatalogService, {})],
      serving: true,
    });
    reflection = new reflectionPackage.grpc.reflection.v1.ServerReflection(server.address, credentials.createInsecure());
  });
  afterAll(async () => {
    reflection.close();
    await server.shutdown();
  });

  it("when a generic client lists services, then it sees the hosted ones and health", async () => {
    const res = await ask(reflection, { list_services: "" });
    const names = res.list_services_response.service.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(["shop.users.v1.UserService", "shop.catalog.v1.CatalogService", "grpc.health.v1.Health"]));
  });

  it("when a generic client loads descriptors by symbol, then it can call a method with no proto files", async () => {
    const res = await ask(reflection, { file_containing_symbol: "shop.users.v1.UserService" });
    const files = (res.file_descriptor_response.file_descriptor_proto as Buffer[]).map((b) => descriptor.FileDescriptorProto.decode(b));
    expect(files.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(["shop/users/v1/users.proto", "google/protobuf/timestamp.proto"]));
    const root = protobuf.Root.fromDescriptor({ file: files }).resolveAll();
    const method = root.lookupService("shop.users.v1.UserService").methods.GetUser;
    const requestType = method.resolvedRequestType;
    const responseType = method.resolvedResponseType;

    const generic = new (require("@grpc/grpc-js").Client)(server.address, credentials.createInsecure()) as Client;
    const reply = await new Promise<any>((resolve, reject) =>
      generic.makeUnaryRequest(
        "/shop.users.v1.UserService/GetUser",
        (o: object) => Buffer.from(requestType.encode(requestType.fromObject(o)).finish()),
        (b: Buffer) => responseType.toObject(responseType.decode(b)),
        { id: ALICE.id },
        (err: ServiceError | null, value: unknown) => (err ? reject(err) : resolve(value)),
      ),
    );
    generic.close();
    expect(reply.user.email).toBe(ALICE.email);
    expect(reply.user.display_name).toBe(ALICE.displayName);
  });
});
