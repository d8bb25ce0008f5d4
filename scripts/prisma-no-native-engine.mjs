#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, which cannot be downloaded on these machines.
// `prisma generate` only needs PRISMA_SCHEMA_ENGINE_BINARY to name an existing file; anything that
// actually tries to run the native engine lands here and gets pointed at the WASM-based commands.
process.stderr.write(
  "The native Prisma schema engine is not available here. Use `npm run migrate:create -- <service> <name>` " +
    "and `npm run migrate:deploy -- <service>` (WASM schema engine, @shop/service-host/db).\n",
);
process.exit(1);
