import { runSeedCommand } from "@shop/service-host";
import { USERS_SERVICE } from "./app.js";
import { loadUsersConfig } from "./config.js";
import { openUsersStore } from "./data/store.js";
import { createPasswordHasher } from "./domain/password-hasher.js";
import { seedDemoUsers } from "./seed.js";

// `npm run seed -w @shop/users`: migrates the configured database (same configuration as
// `npm start`), seeds the demo users when there are none, prints one JSON report line.
await runSeedCommand({
  service: USERS_SERVICE,
  config: loadUsersConfig(process.env),
  seed: ({ database, onStop }) => {
    const store = openUsersStore(database);
    onStop(() => store.close());
    return seedDemoUsers(store.users, createPasswordHasher());
  },
});
