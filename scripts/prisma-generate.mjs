#!/usr/bin/env node
// Generates the Prisma client (`prisma-client` generator) of every `services/*/prisma/schema.prisma`.
//
//   node scripts/prisma-generate.mjs [service ...]   generate all (or the named) services; fail on error
//   node scripts/prisma-generate.mjs --lenient       as run by `postinstall`: report errors, exit 0
//   node scripts/prisma-generate.mjs --schema <path> one schema anywhere (test fixtures)
//
// Works offline: `prisma generate` needs no schema engine, only PRISMA_SCHEMA_ENGINE_BINARY naming an
// existing file (otherwise the CLI tries to download the native engine). It runs in the service's own
// directory so that a service's `prisma.config.ts`, if any, is honoured.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const lenient = args.includes("--lenient");
const schemaFlag = args.indexOf("--schema");
const explicitSchema = schemaFlag === -1 ? undefined : args[schemaFlag + 1];
const only = args.filter((a, i) => !a.startsWith("--") && (schemaFlag === -1 || i !== schemaFlag + 1));

function finish(code) {
  process.exit(lenient ? 0 : code);
}

let prismaCli;
try {
  prismaCli = createRequire(join(repoRoot, "package.json")).resolve("prisma/build/index.js");
} catch {
  console.warn("prisma-generate: the prisma CLI is not installed (dev dependency); nothing generated.");
  finish(1);
}

const servicesDir = join(repoRoot, "services");
const schemas = explicitSchema !== undefined
  ? [{ name: explicitSchema, schema: resolve(explicitSchema) }]
  : readdirSync(servicesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .map((name) => ({ name, schema: join(servicesDir, name, "prisma", "schema.prisma") }))
  .filter(({ schema }) => existsSync(schema));

if (explicitSchema !== undefined && !existsSync(resolve(explicitSchema))) {
  console.error(`prisma-generate: ${explicitSchema} does not exist`);
  finish(1);
}
for (const name of explicitSchema === undefined ? only : []) {
  if (!schemas.some((s) => s.name === name)) {
    console.error(`prisma-generate: services/${name}/prisma/schema.prisma does not exist`);
    finish(1);
  }
}
if (schemas.length === 0) {
  console.log("prisma-generate: no services/*/prisma/schema.prisma yet; nothing to generate.");
  finish(0);
}

const stubEngine = join(repoRoot, "scripts", "prisma-no-native-engine.mjs");
const failed = [];
for (const { name, schema } of schemas) {
  const serviceDir = dirname(dirname(schema));
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", relative(serviceDir, schema)], {
    cwd: serviceDir,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stubEngine,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`prisma-generate: failed for ${failed.join(", ")}`);
  finish(1);
}
finish(0);
