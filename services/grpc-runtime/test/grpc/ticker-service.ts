import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, file_google_protobuf_wrappers } from "@bufbuild/protobuf/wkt";
import { closeClient, createClient, service, startGrpcServer, type Logger } from "../../src/index.js";

/**
 * A test-only service with a server-streaming method, `test.v1.Ticker/Tick(Int32Value) returns
 * (stream StringValue)`: the contracts have no streaming RPC yet (orders status will be one).
 */
export const TickerService: DescService = (() => {
  const proto = create(FileDescriptorProtoSchema, {
    name: "test/v1/ticker.proto",
    package: "test.v1",
    syntax: "proto3",
    dependency: ["google/protobuf/wrappers.proto"],
    service: [
      {
        name: "Ticker",
        method: [
          {
            name: "Tick",
            inputType: ".google.protobuf.Int32Value",
            outputType: ".google.protobuf.StringValue",
            serverStreaming: true,
          },
          { name: "Echo", inputType: ".google.protobuf.StringValue", outputType: ".google.protobuf.StringValue" },
        ],
      },
    ],
  });
  const registry = createFileRegistry(proto, (name) =>
    name === "google/protobuf/wrappers.proto" ? file_google_protobuf_wrappers : undefined,
  );
  const desc = registry.getService("test.v1.Ticker");
  if (!desc) throw new Error("test.v1.Ticker missing");
  return desc;
})();

/** A running TickerService over a real socket and a project client of it (retries off). */
export interface TickerHarness {
  // The service descriptor is built at run time, so the client is untyped.
  readonly client: any;
  close(): Promise<void>;
}

/** Serves `impl` (echo and/or tick handlers) as TickerService on a free port, logging to `logger` if given. */
export async function serveTicker(impl: object, logger?: Logger): Promise<TickerHarness> {
  const server = await startGrpcServer({ services: [service(TickerService, impl as never)], serving: true, ...(logger ? { logger } : {}) });
  const client = createClient(TickerService, server.address, { retry: false });
  return {
    client,
    close: async () => {
      closeClient(client);
      await server.shutdown();
    },
  };
}
