// `npm start`: the whole system on one machine. See the root README ("Two commands") for the options.
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { launchSystem, REPO_ROOT } from "./launcher/launch-system.js";
import { parseStartOptions, START_HELP, type StartOptions } from "./launcher/start-options.js";
import { DEFAULT_PORTS, type ServiceName } from "./launcher/system-processes.js";

let options: StartOptions;
try {
  options = parseStartOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${START_HELP}`);
  process.exit(2);
}
if (options.help) {
  console.log(START_HELP);
  process.exit(0);
}
const ports = options.ports;

const dataDir = join(REPO_ROOT, ".data");
if (options.fresh) rmSync(dataDir, { recursive: true, force: true });

const databaseUrls: Partial<Record<ServiceName, string>> = {};
if (options.postgresServer !== undefined) {
  for (const name of ["users", "catalog", "orders"] as const) {
    databaseUrls[name] = await ensureDatabase(options.postgresServer, `shop_${name}`, options.fresh);
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
  mobileTrustedDocumentsOnly: options.trustedDocuments,
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
