import { runSeedCommand } from "@shop/service-host";
import { CATALOG_SERVICE } from "./app.js";
import { loadCatalogConfig } from "./config.js";
import { openCatalogStore } from "./data/store.js";
import { seedDemoCatalog } from "./seed.js";

// `npm run seed -w @shop/catalog`: migrates the configured database (same configuration as
// `npm start`), seeds the demo catalog when it is empty, prints one JSON report line.
await runSeedCommand({
  service: CATALOG_SERVICE,
  config: loadCatalogConfig(process.env),
  seed: ({ database, onStop }) => {
    const store = openCatalogStore(database);
    onStop(() => store.close());
    return seedDemoCatalog(store.products);
  },
});
