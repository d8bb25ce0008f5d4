// `npm start`: the whole system on one machine. See the root README ("Two commands") for the options.
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { launchSystem, REPO_ROOT } from "./launcher/launch-system.js";
import { observabilityBanner } from "./launcher/observability-banner.js";
import { parseStartOptions, START_HELP, type StartOptions } from "./launcher/start-options.js";
import { checkReplicaDatabases, SERVICE_NAMES, type ServiceName } from "./launcher/system-processes.js";

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

// A service's database: the one --postgres creates, else its <SERVICE>_DATABASE_URL, else
// embedded PGlite. Replicas share one PostgreSQL database: refuse before anything starts when a
// service with replicas would run on PGlite.
const databaseUrls: Partial<Record<ServiceName, string>> = {};
for (const name of SERVICE_NAMES) {
  const url = process.env[`${name.toUpperCase()}_DATABASE_URL`];
  if (url) databaseUrls[name] = url;
}
if (options.postgresServer === undefined) {
  try {
    checkReplicaDatabases(options.replicas, databaseUrls);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

const dataDir = join(REPO_ROOT, ".data");
if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
// A fresh development CA and certificates at each start (gitignored; keys mode 0600). In plaintext
// mode the folder goes: certificates of an earlier start would only mislead a script into TLS.
const pkiDir = join(REPO_ROOT, ".dev-pki");
if (options.insecure) rmSync(pkiDir, { recursive: true, force: true });

if (options.postgresServer !== undefined) {
  for (const name of SERVICE_NAMES) {
    databaseUrls[name] = await ensureDatabase(options.postgresServer, `shop_${name}`, options.fresh);
  }
}

const colour = process.stdout.isTTY === true;
const started = Date.now();
const counted = (name: ServiceName) => ((options.replicas[name] ?? 1) > 1 ? `${name} ×${options.replicas[name]}` : name);
console.log(
  `Starting ${SERVICE_NAMES.map(counted).join(", ")}, bff-web and bff-mobile (${Object.keys(databaseUrls).length ? "PostgreSQL" : "embedded PGlite under .data/"})…`,
);
let shuttingDown = false;
const system = await launchSystem({
  ports,
  replicas: options.replicas,
  dataDir,
  databaseUrls,
  mobileTrustedDocumentsOnly: options.trustedDocuments,
  ...(options.insecure ? { insecure: true } : { pkiDir }),
  ...(options.otlpEndpoint === undefined ? {} : { tracing: { endpoint: options.otlpEndpoint } }),
  colour,
  onCrash: (_name, code, signal, instance) => {
    if (shuttingDown) return;
    console.error(`\n${instance} stopped unexpectedly (exit code ${code}, signal ${signal}); stopping the whole system.`);
    void shutdown(1);
  },
}).catch((error: unknown) => {
  console.error(`Could not start the system: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

const services = SERVICE_NAMES.map((name) => `${name} ${system.addresses[name].join(" ")}`).join(", ");
// Every process inherits this environment: an OTLP endpoint exported in the shell traces too.
const inheritedOtlp = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
const observability = observabilityBanner({
  metricsUrls: system.metricsUrls,
  otlpEndpoint: options.otlpEndpoint ?? inheritedOtlp,
  otlpSource: options.otlpEndpoint === undefined ? "OTEL_EXPORTER_OTLP_ENDPOINT" : "--otlp",
});
const transportLine =
  system.transport === "mtls"
    ? `mutual TLS; a fresh CA and one certificate per process in ${pkiDir}/ (internal callers use jobs.pem, as npm run example:user-orders does)`
    : "PLAINTEXT (--insecure): callers are who they claim and user tokens are unsigned; local development only";
const login = `mutation { login(email: \\"demo@shop.test\\", password: \\"demo-password\\") { token } }`;
console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.

  GraphiQL (web):     ${system.webUrl}
  GraphiQL (mobile):  ${system.mobileUrl}
  gRPC services:      ${services}
  gRPC transport:     ${transportLine}
  Demo login:         demo@shop.test / demo-password
${observability.join("\n")}

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
