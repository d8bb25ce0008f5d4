import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file's location (never from the working directory). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

/** The default PGlite data directory of a service: `<repo>/.data/<service>/`. */
export function defaultDataDir(service: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`invalid service name: ${JSON.stringify(service)}`);
  return join(repoRoot, ".data", service);
}

/** Where a service's Prisma files live: `<repo>/services/<service>/prisma/{schema.prisma,migrations}`. */
export function servicePrismaPaths(service: string): { readonly schemaPath: string; readonly migrationsDir: string } {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`invalid service name: ${JSON.stringify(service)}`);
  const prismaDir = join(repoRoot, "services", service, "prisma");
  return { schemaPath: join(prismaDir, "schema.prisma"), migrationsDir: join(prismaDir, "migrations") };
}
