import { createClient as createConnectClient } from "@connectrpc/connect";
import { createGrpcTransport as createConnectGrpcTransport } from "@connectrpc/connect-node";
import { Client, credentials } from "@grpc/grpc-js";
import { CatalogService } from "@shop/contracts/catalog/v1";
import { UserService } from "@shop/contracts/users/v1";
import { closeClient, createClient } from "@shop/grpc-runtime";
import { batchRequest, smallRequest } from "./payloads.js";
import { rawDeserialize, rawSerialize } from "./raw-serializers.js";
import type { Payload, Variant } from "./variants.js";

/** One call of the payload under test, and how to release the client. */
export interface Caller {
  readonly call: () => Promise<unknown>;
  readonly close: () => void;
}

/** A client of `variant` against `127.0.0.1:port`, calling the `payload` method. */
export function createCaller(variant: Variant, payload: Payload, port: number): Caller {
  const address = `127.0.0.1:${port}`;
  switch (variant) {
    case "project": {
      if (payload === "small") {
        const client = createClient(UserService, address, { defaultTimeoutMs: 30_000 });
        return { call: () => client.getUser(smallRequest), close: () => closeClient(client) };
      }
      const client = createClient(CatalogService, address, { defaultTimeoutMs: 30_000 });
      return { call: () => client.batchGetProducts(batchRequest), close: () => closeClient(client) };
    }
    case "raw-grpcjs": {
      const client = new Client(address, credentials.createInsecure());
      const method = payload === "small" ? UserService.method.getUser : CatalogService.method.batchGetProducts;
      const path = `/${method.parent.typeName}/${method.name}`;
      const serialize = rawSerialize(method.input);
      const deserialize = rawDeserialize(method.output);
      const request = payload === "small" ? smallRequest : batchRequest;
      return {
        call: () =>
          new Promise((resolve, reject) => {
            client.makeUnaryRequest(path, serialize as (v: unknown) => Buffer, deserialize, request, { deadline: Date.now() + 30_000 }, (err, value) =>
              err ? reject(err) : resolve(value),
            );
          }),
        close: () => client.close(),
      };
    }
    case "connect": {
      const transport = createConnectGrpcTransport({ baseUrl: `http://${address}` });
      if (payload === "small") {
        const client = createConnectClient(UserService, transport);
        return { call: () => client.getUser(smallRequest, { timeoutMs: 30_000 }), close: () => undefined };
      }
      const client = createConnectClient(CatalogService, transport);
      return { call: () => client.batchGetProducts(batchRequest, { timeoutMs: 30_000 }), close: () => undefined };
    }
  }
}
