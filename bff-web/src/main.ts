// bff-web process: config once, then the shared BFF process (clients, server, graceful shutdown).
// Its mTLS identity (CN bff-web) is who it is to the services.
import { runBffProcess } from "@shop/bff-kit";
import { loadWebConfig } from "./config.js";
import { createWebServer } from "./server.js";

const config = loadWebConfig(process.env);
const warnings = config.jwtSecretGenerated
  ? ["JWT_SECRET is not set: using a generated development secret; tokens die with this process and bff-mobile will not accept them"]
  : [];
await runBffProcess({ name: "bff-web", config, warnings }, createWebServer);
