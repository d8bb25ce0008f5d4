import { runDomainService } from "@shop/service-host";
import { startCatalogService } from "./app.js";
import { loadCatalogConfig } from "./config.js";

// The process entry point: the only place that reads the environment. The config carries the
// trust and telemetry settings; the service owns the telemetry once started.
await runDomainService("catalog", loadCatalogConfig(process.env), startCatalogService);
