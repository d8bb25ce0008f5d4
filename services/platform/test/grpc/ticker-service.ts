import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, file_google_protobuf_wrappers } from "@bufbuild/protobuf/wkt";

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
