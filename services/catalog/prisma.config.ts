import { defineConfig } from "prisma/config";

// Used by `npm run prisma:generate -- catalog`. Migrations are created and applied through the
// platform's WASM schema engine (`npm run migrate:create|migrate:deploy -- catalog`), never `prisma migrate`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
