// The users service's migration command: `node services/users/dist/migrate-command.js` in a release
// (its Kubernetes migration Job), `npm run migrate -w @shop/users` in development. Applies the
// pending migrations to USERS_DATABASE_URL under the advisory lock; prints one JSON line and exits 0,
// or exits 1 with the reason.
import { runMigrateCommand } from "@shop/service-host";
import { USERS_SERVICE } from "./app.js";
import { loadUsersConfig } from "./config.js";

await runMigrateCommand({ service: USERS_SERVICE, loadConfig: () => loadUsersConfig(process.env) });
