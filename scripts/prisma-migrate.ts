// Migration commands over the WASM schema engine (the native one cannot be downloaded here).
//
//   npm run migrate:create -- <service> <name>   like `prisma migrate dev --create-only`
//   npm run migrate:deploy -- <service>          like `prisma migrate deploy`
//
// deploy targets `<SERVICE>_DATABASE_URL` (e.g. USERS_DATABASE_URL) when set, under the advisory
// lock; otherwise the service's embedded PGlite data directory (`<SERVICE>_DATA_DIR`, default
// `.data/<service>/`), which must not be open in a running service at the same time.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import {
  applyMigrations,
  createMigration,
  defaultDataDir,
  openDatabase,
  repoRoot,
  servicePrismaPaths,
} from "@shop/service-host/db";

const usage = "usage: migrate create <service> <name> | migrate deploy <service>";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function create(service: string, name: string): Promise<void> {
  const { schemaPath, migrationsDir } = servicePrismaPaths(service);
  if (!existsSync(schemaPath)) fail(`${relative(repoRoot, schemaPath)} does not exist`);
  const created = await createMigration({ name, schemaPath, migrationsDir });
  if (created === null) console.log(`${service}: the schema matches the migrations; nothing created.`);
  else console.log(`${service}: created ${relative(repoRoot, created)}`);
}

async function deploy(service: string): Promise<void> {
  const { schemaPath, migrationsDir } = servicePrismaPaths(service);
  const prefix = service.toUpperCase().replace(/-/g, "_");
  const url = process.env[`${prefix}_DATABASE_URL`] || undefined;
  const schema = existsSync(schemaPath) ? { schemaPath } : {};
  let applied: readonly string[];
  if (url !== undefined) {
    applied = await applyMigrations({ url, migrationsDir, ...schema });
    console.log(`${service}: ${prefix}_DATABASE_URL`);
  } else {
    const dataDir = process.env[`${prefix}_DATA_DIR`] || defaultDataDir(service);
    const db = await openDatabase({ service, dataDir, migrationsDir, ...schema });
    applied = db.appliedMigrations;
    await db.close();
    console.log(`${service}: embedded PGlite at ${relative(process.cwd(), dataDir) || "."}`);
  }
  console.log(applied.length === 0 ? "  up to date" : applied.map((m) => `  applied ${m}`).join("\n"));
}

const [command, service, name] = process.argv.slice(2);
if (service === undefined || !/^[a-z][a-z0-9-]*$/.test(service)) fail(usage);
try {
  if (command === "create" && name !== undefined) await create(service, name);
  else if (command === "deploy") await deploy(service);
  else fail(usage);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
