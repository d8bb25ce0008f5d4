import { createTestPostgresDatabase, defaultTestServerUrl, postgresAvailable } from "@shop/service-host/db";
import { describeOrderServiceBehaviour } from "./support/order-service-behaviour.js";
import { socketOrders } from "./support/socket-orders.js";

// The same behaviour suite as order-service-in-memory.test.ts, through the real composition root
// and a real socket: once on embedded PGlite (in memory), once on the PostgreSQL server when it answers.

describeOrderServiceBehaviour("OrderService over gRPC on PGlite (typed client, port 0, fake catalog)", () => socketOrders({ inMemory: true }));

describeOrderServiceBehaviour("OrderService over gRPC on PostgreSQL (typed client, port 0, fake catalog)", async () => {
  if (!(await postgresAvailable())) return { skip: `no PostgreSQL answers at ${defaultTestServerUrl}` };
  const database = await createTestPostgresDatabase({ prefix: "orders_service" });
  const running = await socketOrders({ databaseUrl: database.url });
  return {
    ...running,
    close: async () => {
      await running.close();
      await database.drop();
    },
  };
});
