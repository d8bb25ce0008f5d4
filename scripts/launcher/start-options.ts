import { parseArgs } from "node:util";
import { PROCESS_NAMES, type ProcessName } from "./system-processes.js";

/** The PostgreSQL server `--postgres` uses when given no URL. */
export const DEFAULT_POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432";

export const START_HELP = `Usage: npm start -- [options]
  --fresh                 wipe .data/ first (embedded databases start empty and are seeded again)
  --postgres[=URL]        run the services on PostgreSQL: creates databases shop_users, shop_catalog
                          and shop_orders on the server at URL (default ${DEFAULT_POSTGRES_SERVER})
  --port NAME=PORT        change a port (NAME: ${PROCESS_NAMES.join(", ")}); repeatable
  --trusted-documents     the mobile BFF accepts only its trusted documents (production behaviour)
  --help                  this text
Per-service database URLs can also be given as USERS_DATABASE_URL, CATALOG_DATABASE_URL, ORDERS_DATABASE_URL.`;

/** What `npm start` was asked to do. */
export interface StartOptions {
  readonly help: boolean;
  readonly fresh: boolean;
  /** The PostgreSQL server to create the service databases on; undefined = embedded PGlite. */
  readonly postgresServer: string | undefined;
  readonly ports: Partial<Record<ProcessName, number>>;
  readonly trustedDocuments: boolean;
}

/** Parses `npm start`'s arguments; throws an Error with a message for the user on bad input. */
export function parseStartOptions(argv: readonly string[]): StartOptions {
  // A bare `--postgres` means "the default server": give it an empty value so parseArgs accepts
  // it anywhere on the line.
  const args = argv.map((arg) => (arg === "--postgres" ? "--postgres=" : arg));
  const { values } = parseArgs({
    args,
    options: {
      fresh: { type: "boolean", default: false },
      postgres: { type: "string" },
      port: { type: "string", multiple: true, default: [] },
      "trusted-documents": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const ports: Partial<Record<ProcessName, number>> = {};
  for (const entry of values.port ?? []) {
    const [name, raw, extra] = entry.split("=");
    const port = Number(raw);
    if (extra !== undefined || !PROCESS_NAMES.includes(name as ProcessName) || !/^\d+$/.test(raw ?? "") || port < 1 || port > 65_535) {
      throw new Error(`--port ${entry}: expected NAME=PORT with NAME one of ${PROCESS_NAMES.join(", ")} and PORT 1–65535`);
    }
    ports[name as ProcessName] = port;
  }
  let postgresServer: string | undefined;
  if (values.postgres !== undefined) {
    postgresServer = values.postgres || DEFAULT_POSTGRES_SERVER;
    let url: URL;
    try {
      url = new URL(postgresServer);
    } catch {
      throw new Error(`--postgres=${postgresServer}: not a URL (expected postgres://user@host:port)`);
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
      throw new Error(`--postgres=${postgresServer}: expected a postgres:// or postgresql:// URL`);
    }
  }
  return {
    help: values.help ?? false,
    fresh: values.fresh ?? false,
    postgresServer,
    ports,
    trustedDocuments: values["trusted-documents"] ?? false,
  };
}
