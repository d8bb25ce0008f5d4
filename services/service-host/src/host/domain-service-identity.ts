import { fileURLToPath } from "node:url";
import type { DomainServiceIdentity } from "./start-domain-service.js";

/**
 * A domain service's identity from its name and the `import.meta.url` of a module directly in its
 * package's `src/` (or, built, `dist/`) folder: its Prisma files sit beside that folder, in
 * `prisma/migrations/` and `prisma/schema.prisma`, the layout every service keeps.
 */
export function domainServiceIdentity(name: string, moduleUrl: string): DomainServiceIdentity {
  return {
    name,
    migrationsDir: fileURLToPath(new URL("../prisma/migrations", moduleUrl)),
    schemaPath: fileURLToPath(new URL("../prisma/schema.prisma", moduleUrl)),
  };
}
