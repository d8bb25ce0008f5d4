import { runSeedCommand } from "@shop/service-host";
import { ORDERS_SERVICE } from "./app.js";
import { loadOrdersConfig } from "./config.js";
import { openOrdersStore } from "./data/store.js";
import { seedDemoOrders } from "./seed.js";

// `npm run seed -w @shop/orders`: migrates the configured database (same configuration as
// `npm start`), seeds the demo orders when there are none, prints one JSON report line.
await runSeedCommand({
  service: ORDERS_SERVICE,
  config: loadOrdersConfig(process.env),
  seed: ({ database, onStop }) => {
    const store = openOrdersStore(database);
    onStop(() => store.close());
    return seedDemoOrders(store.orders);
  },
});
