// bff-mobile process: config once, then the shared BFF process (clients, server, graceful shutdown)
// with the trusted documents. Its mTLS identity (CN bff-mobile) is who it is to the services.
import { runBffProcess } from "@shop/bff-kit";
import { loadMobileConfig } from "./config.js";
import { createMobileServer } from "./server.js";

const config = loadMobileConfig(process.env);
const warnings = [
  ...(config.jwtSecretGenerated ? ["JWT_SECRET is not set: using a generated development secret; tokens die with this process"] : []),
  ...(config.trustedDocumentsOnly ? [] : ["MOBILE_TRUSTED_DOCUMENTS_ONLY is off: any GraphQL document is accepted (development mode)"]),
];
await runBffProcess({ name: "bff-mobile", config, warnings }, (resources) =>
  createMobileServer({
    ...resources,
    trustedDocumentsOnly: config.trustedDocumentsOnly,
    retiredAppVersions: config.retiredAppVersions,
    releasedDir: config.releasedOperationsDir,
  }),
);
