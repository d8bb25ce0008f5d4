import { defineConfig } from "prisma/config";

// Prisma's CLI is used here only for `prisma generate` (offline). Migrations are created and applied
// through the WASM schema engine by @shop/service-host/db, so no datasource URL is configured here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
