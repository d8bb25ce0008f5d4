// The benchmark's server process: `tsx server.ts <variant>`; reports `{ port }` over IPC and
// serves GetUser and BatchGetProducts with precomputed answers until killed.
import { createServer } from "node:http2";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Server, ServerCredentials, type handleUnaryCall } from "@grpc/grpc-js";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { UserService } from "@shop/contracts/users/v1";
import { createLogger, service, startGrpcServer } from "@shop/grpc-runtime";
import { batchResponse, smallResponse } from "./payloads.js";
import { rawDeserialize, rawSerialize } from "./raw-serializers.js";
import type { CpuMessage, ReadyMessage, Variant } from "./variants.js";

const variant = process.argv[2] as Variant;
/** `sync` (the production default), `buffered` or `silent`: for measuring what logging costs. */
const logMode = process.argv[3] ?? "sync";

async function startProject(): Promise<number> {
  // Production logging: one JSON line per call at info level (stdout goes to /dev/null).
  const server = await startGrpcServer({
    services: [
      service(UserService, { getUser: () => smallResponse }),
      service(CatalogService, { batchGetProducts: () => batchResponse }),
    ],
    logger: createLogger("bench-server", { level: logMode === "silent" ? "silent" : "info", sync: logMode !== "buffered" }),
    serving: true,
  });
  return server.port;
}

async function startRaw(): Promise<number> {
  const server = new Server();
  const getUser: handleUnaryCall<any, any> = (_call, callback) => callback(null, smallResponse);
  const batchGet: handleUnaryCall<any, any> = (_call, callback) => callback(null, batchResponse);
  const getUserMethod = UserService.method.getUser;
  const batchMethod = CatalogService.method.batchGetProducts;
  server.register("/shop.users.v1.UserService/GetUser", getUser, rawSerialize(getUserMethod.output), rawDeserialize(getUserMethod.input), "unary");
  server.register(
    "/shop.catalog.v1.CatalogService/BatchGetProducts",
    batchGet,
    rawSerialize(batchMethod.output),
    rawDeserialize(batchMethod.input),
    "unary",
  );
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );
}

async function startConnect(): Promise<number> {
  const handler = connectNodeAdapter({
    routes: (router) => {
      router.service(UserService, { getUser: () => smallResponse });
      router.service(CatalogService, { batchGetProducts: () => batchResponse });
    },
  });
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

const start = { project: startProject, "raw-grpcjs": startRaw, connect: startConnect }[variant];
if (!start) throw new Error(`unknown variant ${variant}`);
const port = await start();
process.send?.({ port } satisfies ReadyMessage);
// The parent asks for CPU time used so far, to report server CPU per call (robust to a busy machine).
process.on("message", (m) => {
  if (m === "cpu") process.send?.({ cpu: process.cpuUsage() } satisfies CpuMessage);
});
