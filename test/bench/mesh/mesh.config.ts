/**
 * Mesh Compose configuration: the shop's three gRPC services, described by the repository's own
 * proto files, composed into one supergraph for Hive Gateway. Bench-only tooling.
 *
 * Environment (read at compose time; the endpoints end up in the supergraph's @transport
 * directives):
 *   MESH_USERS_ADDR    users gRPC address    (default 127.0.0.1:50051)
 *   MESH_CATALOG_ADDR  catalog gRPC address  (default 127.0.0.1:50052)
 *   MESH_ORDERS_ADDR   orders gRPC address   (default 127.0.0.1:50053)
 *   MESH_PROTO_DIR     proto root            (default ../../../proto, the repository's proto/)
 *   MESH_OUTPUT        where to write the supergraph (default supergraph.graphql)
 *   MESH_PRODUCT_LOOKUP  "batch" (default): OrderLine.product through BatchGetProducts with batch
 *                        delegation; "single": through GetProduct, one call per line (for contrast)
 *   MESH_TLS_CA, MESH_TLS_CERT, MESH_TLS_KEY  PEM files (absolute paths): call the services over
 *                        mutual TLS with this certificate (all three, or none for plaintext). The
 *                        paths go into the supergraph; the gateway reads the files when it starts.
 *                        The benchmark gives the `jobs` identity: Mesh cannot sign the shop's
 *                        end-user tokens, so a gateway like it is deployed as a privileged caller.
 */
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { defineConfig } from "@graphql-mesh/compose-cli";
import { loadGrpcSubgraph } from "@omnigraph/grpc";

const here = dirname(fileURLToPath(import.meta.url));
const protoDir = resolve(here, process.env.MESH_PROTO_DIR ?? "../../../proto");

/** Mesh's `credentialsSsl` from MESH_TLS_*: file paths of the CA, this gateway's certificate and key; undefined = plaintext. */
function credentialsSsl(): { rootCA: string; certChain: string; privateKey: string } | undefined {
  const files = { rootCA: process.env.MESH_TLS_CA, certChain: process.env.MESH_TLS_CERT, privateKey: process.env.MESH_TLS_KEY };
  const given = Object.values(files).filter((file) => file !== undefined && file !== "");
  if (given.length === 0) return undefined;
  if (given.length < 3) throw new Error("MESH_TLS_CA, MESH_TLS_CERT and MESH_TLS_KEY: give all three (mutual TLS) or none (plaintext)");
  return files as { rootCA: string; certChain: string; privateKey: string };
}
const tls = credentialsSsl();

/** One subgraph per service, loaded from its proto file (no reflection needed at compose time). */
function grpcSubgraph(name: string, protoFile: string, endpoint: string) {
  return {
    sourceHandler: loadGrpcSubgraph(name, {
      endpoint,
      source: { file: resolve(protoDir, protoFile), load: { includeDirs: [protoDir] } },
      requestTimeout: 5_000,
      ...(tls === undefined ? {} : { credentialsSsl: tls }),
      // Who the gateway is to the services in plaintext development mode; under mutual TLS its
      // certificate says it (the services then ignore this header).
      metaData: { "x-caller": "jobs" },
      // Mesh's default puts only get*/list* under Query; our batch reads are reads too.
      selectQueryOrMutationField: [
        { fieldName: "*BatchGet*", type: "Query" },
      ],
    }),
  };
}

/**
 * The one cross-service link the home page needs: an order line's product. Declared the way Mesh's
 * "Schema Extensions" docs recommend for batching: `@resolveTo` with `keyField` + `keysArg`, so the
 * gateway collects every line's product_id of one request into a single BatchGetProducts call
 * (batch delegation, DataLoader underneath). `valueKeyField` matches results to keys by product id,
 * because BatchGetProducts answers duplicates once and leaves missing ids out of `products`.
 */
const batchedProductLookup = /* GraphQL */ `
  extend type shop__orders__v1__OrderLine {
    product: shop__catalog__v1__Product
      @resolveTo(
        sourceName: "Catalog"
        sourceTypeName: "Query"
        sourceFieldName: "shop_catalog_v1_CatalogService_BatchGetProducts"
        keyField: "product_id"
        keysArg: "input.ids"
        result: "products"
        valueKeyField: "id"
      )
  }
`;

/** The docs' plain (unbatched) form of the same link: one GetProduct per order line. */
const singleProductLookup = /* GraphQL */ `
  extend type shop__orders__v1__OrderLine {
    product: shop__catalog__v1__Product
      @resolveTo(
        sourceName: "Catalog"
        sourceTypeName: "Query"
        sourceFieldName: "shop_catalog_v1_CatalogService_GetProduct"
        requiredSelectionSet: "{ product_id }"
        sourceArgs: { input: { id: "{root.product_id}" } }
        result: "product"
      )
  }
`;

const additionalTypeDefs =
  process.env.MESH_PRODUCT_LOOKUP === "single" ? singleProductLookup : batchedProductLookup;

export const composeConfig = defineConfig({
  output: process.env.MESH_OUTPUT ?? "supergraph.graphql",
  additionalTypeDefs,
  subgraphs: [
    grpcSubgraph("Users", "shop/users/v1/users.proto", process.env.MESH_USERS_ADDR ?? "127.0.0.1:50051"),
    grpcSubgraph("Catalog", "shop/catalog/v1/catalog.proto", process.env.MESH_CATALOG_ADDR ?? "127.0.0.1:50052"),
    grpcSubgraph("Orders", "shop/orders/v1/orders.proto", process.env.MESH_ORDERS_ADDR ?? "127.0.0.1:50053"),
  ],
});
