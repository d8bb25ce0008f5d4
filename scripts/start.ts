// `npm start`: the whole system on one machine. See README "Running the system" for the options.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { launchSystem, REPO_ROOT } from "./launcher/launch-system.js";
import { DEFAULT_PORTS, PROCESS_NAMES, type ProcessName, type ServiceName } from "./launcher/system-processes.js";

const HELP = `Usage: npm start -- [options]
  --fresh                 wipe .data/ first (embedded databases start empty and are seeded again)
  --postgres[=URL]        run the services on PostgreSQL: creates databases shop_users, shop_catalog
                          and shop_orders on the server at URL (default postgres://postgres@127.0.0.1:5432)
  --port NAME=PORT        change a port (NAME: ${PROCESS_NAMES.join(", ")}); repeatable
  --trusted-documents     the mobile BFF accepts only its trusted documents (production behaviour)
  --help                  this text
Per-service database URLs can also be given as USERS_DATABASE_URL, CATALOG_DATABASE_URL, ORDERS_DATABASE_URL.`;

const { values } = parseArgs({
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
// `--postgres` without a value: parseArgs needs a value for string options, so accept a bare flag too.
const bareFlag = process.argv.includes("--postgres");

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const ports: Partial<Record<ProcessName, number>> = {};
for (const entry of values.port ?? []) {
  const [name, raw] = entry.split("=");
  const port = Number(raw);
  if (!PROCESS_NAMES.includes(name as ProcessName) || !Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port ${entry}: expected NAME=PORT with NAME one of ${PROCESS_NAMES.join(", ")}`);
    process.exit(2);
  }
  ports[name as ProcessName] = port;
}

const dataDir = join(REPO_ROOT, ".data");
if (values.fresh) rmSync(dataDir, { recursive: true, force: true });

const databaseUrls: Partial<Record<ServiceName, string>> = {};
if (values.postgres !== undefined || bareFlag) {
  const server = values.postgres || "postgres://postgres@127.0.0.1:5432";
  for (const name of ["users", "catalog", "orders"] as const) {
    databaseUrls[name] = await ensureDatabase(server, `shop_${name}`, values.fresh);
  }
}

const colour = process.stdout.isTTY === true;
const started = Date.now();
console.log(`Starting users, catalog, orders, bff-web and bff-mobile (${Object.keys(databaseUrls).length ? "PostgreSQL" : "embedded PGlite under .data/"})…`);
let shuttingDown = false;
const system = await launchSystem({
  ports,
  dataDir,
  databaseUrls,
  mobileTrustedDocumentsOnly: values["trusted-documents"],
  colour,
  onCrash: (name, code, signal) => {
    if (shuttingDown) return;
    console.error(`\n${name} stopped unexpectedly (exit code ${code}, signal ${signal}); stopping the whole system.`);
    void shutdown(1);
  },
}).catch((error: unknown) => {
  console.error(`Could not start the system: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

const all = { ...DEFAULT_PORTS, ...system.ports };
const login = `mutation { login(email: \\"demo@shop.test\\", password: \\"demo-password\\") { token } }`;
console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.

  GraphiQL (web):     ${system.webUrl}
  GraphiQL (mobile):  ${system.mobileUrl}
  gRPC services:      users 127.0.0.1:${all.users}, catalog 127.0.0.1:${all.catalog}, orders 127.0.0.1:${all.orders}
  Demo login:         demo@shop.test / demo-password

  curl -s ${system.webUrl} -H 'content-type: application/json' \\
    -d '{"query":"${login}"}'
  curl -s ${system.mobileUrl} -H 'content-type: application/json' \\
    -d '{"query":"query { products(first: 3) { nodes { name price } } }"}'

Press Ctrl+C to stop.
`);

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log("Stopping…");
  await system.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function ensureDatabase(serverUrl: string, name: string, fresh: boolean): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
