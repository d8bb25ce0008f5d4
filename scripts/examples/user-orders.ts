// An internal caller (a job, a script, another service) using the typed gRPC clients alone:
// prints a user's latest orders with the names of their products. Needs the system running
// (`npm start`). Usage: npm run example:user-orders -- [user-id] [--users host:port]
//   [--catalog host:port] [--orders host:port] [--insecure]
//
// It calls as the identity `jobs`, which the services let act for any user (GRPC_PRIVILEGED_CALLERS):
// over mutual TLS with the certificate `npm start` wrote to .dev-pki/ (or the GRPC_TLS_CA_FILE,
// GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE given), or in plaintext against `npm start -- --insecure`
// (--insecure, or GRPC_INSECURE=true).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { clientTlsOf, closeClient, createClients, grpcTlsConfigSpec, loadConfig, loadGrpcTrust, type ConfigOf, type GrpcTrust } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import type { Money } from "@shop/contracts/common/v1";
import { OrderService, OrderStatus } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { demoId } from "@shop/service-host/demo";

/** Where `npm start` writes the development PKI. */
const DEV_PKI = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."), ".dev-pki");
/** Who this script is to the services. */
const IDENTITY = "jobs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    users: { type: "string", default: "127.0.0.1:50061" },
    catalog: { type: "string", default: "127.0.0.1:50062" },
    orders: { type: "string", default: "127.0.0.1:50063" },
    insecure: { type: "boolean", default: false },
  },
});
const userId = positionals[0] ?? demoId("user", 0); // the demo login's id

let trust: GrpcTrust;
try {
  trust = trustOf(loadConfig(grpcTlsConfigSpec(), process.env));
} catch (error) {
  console.error(`Cannot call the services: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const tls = clientTlsOf(trust);
// Under mTLS each client also checks that its server is that service (its certificate's name).
const { users, catalog, orders } = createClients(
  { users: UserService, catalog: CatalogService, orders: OrderService },
  { users: values.users, catalog: values.catalog, orders: values.orders },
  { caller: IDENTITY, defaultTimeoutMs: 3_000, tls },
);

const money = (m: Money | undefined) =>
  m ? new Intl.NumberFormat("en-US", { style: "currency", currency: m.currencyCode }).format(Number(m.amountMinor) / 100) : "?";

try {
  // Two independent reads in parallel, then one batch read for every product of every order.
  const [{ user }, { orders: latest }] = await Promise.all([
    users.getUser({ id: userId }),
    orders.listOrders({ userId, pageSize: 5 }),
  ]);
  const productIds = [...new Set(latest.flatMap((o) => o.lines.map((l) => l.productId)))];
  const { products } = productIds.length ? await catalog.batchGetProducts({ ids: productIds }) : { products: [] };
  const names = new Map(products.map((p) => [p.id, p.name]));

  console.log(`${user?.displayName} <${user?.email}>: ${latest.length} latest orders (3 RPCs in all, as ${IDENTITY} over ${tls ? "mutual TLS" : "plaintext"})`);
  for (const order of latest) {
    const when = order.createTime ? new Date(Number(order.createTime.seconds) * 1000).toISOString().slice(0, 10) : "";
    console.log(`\n${order.id}  ${when}  ${OrderStatus[order.status]}  ${money(order.total)}`);
    for (const line of order.lines) {
      console.log(`  ${String(line.quantity).padStart(3)} × ${names.get(line.productId) ?? "(unknown product)"}  ${money(line.unitPrice)}`);
    }
  }
} catch (error) {
  console.error(`The call failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    tls
      ? "Is the system running? Start it with `npm start` (this script uses the certificates that start wrote to .dev-pki/)."
      : "Is the system running? Start it with `npm start -- --insecure` (plaintext), or drop --insecure for `npm start`.",
  );
  process.exitCode = 1;
} finally {
  for (const client of [users, catalog, orders]) closeClient(client);
}

/**
 * mTLS with the files given in GRPC_TLS_*, else with `jobs`'s files in .dev-pki/; plaintext when
 * asked (--insecure or GRPC_INSECURE=true). A ConfigError says what is missing.
 */
function trustOf(settings: ConfigOf<ReturnType<typeof grpcTlsConfigSpec>>): GrpcTrust {
  if (values.insecure || settings.grpcInsecure) return loadGrpcTrust({ grpcInsecure: true });
  if (settings.grpcTlsCaFile !== undefined || settings.grpcTlsCertFile !== undefined || settings.grpcTlsKeyFile !== undefined) return loadGrpcTrust(settings);
  if (!existsSync(join(DEV_PKI, "ca.pem"))) {
    throw new Error(`${DEV_PKI}/ holds no certificates: start the system with \`npm start\` (it writes them there), or pass --insecure against \`npm start -- --insecure\``);
  }
  return loadGrpcTrust({
    grpcTlsCaFile: join(DEV_PKI, "ca.pem"),
    grpcTlsCertFile: join(DEV_PKI, `${IDENTITY}.pem`),
    grpcTlsKeyFile: join(DEV_PKI, `${IDENTITY}.key.pem`),
    grpcInsecure: false,
  });
}
