// The catalog service's migration command: `node services/catalog/dist/migrate-command.js` in a release
// (its Kubernetes migration Job), `npm run migrate -w @shop/catalog` in development. Applies the
// pending migrations to CATALOG_DATABASE_URL under the advisory lock; prints one JSON line and exits 0,
// or exits 1 with the reason.
import { runMigrateCommand } from "@shop/service-host";
import { CATALOG_SERVICE } from "./app.js";
import { loadCatalogConfig } from "./config.js";

await runMigrateCommand({ service: CATALOG_SERVICE, loadConfig: () => loadCatalogConfig(process.env) });
