import { runDomainService } from "@shop/service-host";
import { startOrdersService } from "./app.js";
import { loadOrdersConfig } from "./config.js";

// The process entry point: the only place that reads the environment. The config carries the
// trust and telemetry settings; the service owns the telemetry once started.
await runDomainService("orders", loadOrdersConfig(process.env), startOrdersService);
