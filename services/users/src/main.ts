import { runDomainService } from "@shop/service-host";
import { startUsersService } from "./app.js";
import { loadUsersConfig } from "./config.js";

// The process entry point: the only place that reads the environment. The config carries the
// trust and telemetry settings; the service owns the telemetry once started.
await runDomainService("users", loadUsersConfig(process.env), startUsersService);
