// An internal caller (a job, a script, another service) using the typed gRPC clients alone:
// prints a user's latest orders with the names of their products. Needs the system running
// (`npm start`). Usage: npm run example:user-orders -- [user-id] [--users host:port]
//   [--catalog host:port] [--orders host:port]
import { parseArgs } from "node:util";
import { closeClient, createClient } from "@shop/grpc-runtime";
import { CatalogService } from "@shop/contracts/catalog/v1";
import type { Money } from "@shop/contracts/common/v1";
import { OrderService, OrderStatus } from "@shop/contracts/orders/v1";
import { UserService } from "@shop/contracts/users/v1";
import { demoId } from "@shop/service-host/demo";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    users: { type: "string", default: "127.0.0.1:50061" },
    catalog: { type: "string", default: "127.0.0.1:50062" },
    orders: { type: "string", default: "127.0.0.1:50063" },
  },
});
const userId = positionals[0] ?? demoId("user", 0); // the demo login's id

const clientOptions = { caller: "example-user-orders", defaultTimeoutMs: 3_000 };
const users = createClient(UserService, values.users, clientOptions);
const catalog = createClient(CatalogService, values.catalog, clientOptions);
const orders = createClient(OrderService, values.orders, clientOptions);

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

  console.log(`${user?.displayName} <${user?.email}>: ${latest.length} latest orders (3 RPCs in all)`);
  for (const order of latest) {
    const when = order.createTime ? new Date(Number(order.createTime.seconds) * 1000).toISOString().slice(0, 10) : "";
    console.log(`\n${order.id}  ${when}  ${OrderStatus[order.status]}  ${money(order.total)}`);
    for (const line of order.lines) {
      console.log(`  ${String(line.quantity).padStart(3)} × ${names.get(line.productId) ?? "(unknown product)"}  ${money(line.unitPrice)}`);
    }
  }
} catch (error) {
  console.error(`The call failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Is the system running? Start it with `npm start`.");
  process.exitCode = 1;
} finally {
  for (const client of [users, catalog, orders]) closeClient(client);
}
