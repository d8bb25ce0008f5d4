// The orders service's migration command: `node services/orders/dist/migrate-command.js` in a release
// (its Kubernetes migration Job), `npm run migrate -w @shop/orders` in development. Applies the
// pending migrations to ORDERS_DATABASE_URL under the advisory lock; prints one JSON line and exits 0,
// or exits 1 with the reason.
import { runMigrateCommand } from "@shop/service-host";
import { ORDERS_SERVICE } from "./app.js";
import { loadOrdersConfig } from "./config.js";

await runMigrateCommand({ service: ORDERS_SERVICE, loadConfig: () => loadOrdersConfig(process.env) });
