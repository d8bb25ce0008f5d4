/**
 * What one release ships: every runtime workspace package, where it lives, and the files it reads
 * at run time besides its compiled `dist/`. Paths mirror the repository, so code that finds a file
 * from `import.meta.url` (migrations, the mobile trusted documents, the repository root) finds it
 * in the release as it does in the repository.
 */

/** One shipped workspace package. */
export interface ReleasePackage {
  /** The folder, relative to the repository (and to the release) root. */
  readonly dir: string;
  /** Files and folders copied as they are, relative to `dir`, besides `package.json` and `dist/`. */
  readonly runtimeFiles: readonly string[];
}

/**
 * The ten runtime packages, in build order. Not shipped: `services/bff-testing` (test support), the
 * tests, `scripts/`, each service's `prisma.config.ts` (it imports the Prisma CLI's config) and the
 * mobile operations' `.graphql` sources (the server reads the manifests only).
 */
export const RELEASE_PACKAGES: readonly ReleasePackage[] = [
  { dir: "gen", runtimeFiles: [] },
  { dir: "services/grpc-runtime", runtimeFiles: [] },
  { dir: "services/service-host", runtimeFiles: [] },
  { dir: "services/bff-kit", runtimeFiles: [] },
  { dir: "services/bff-shop", runtimeFiles: [] },
  // app.ts: migrationsDir ../prisma/migrations and schemaPath ../prisma/schema.prisma (read when migrating)
  { dir: "services/users", runtimeFiles: ["prisma/migrations", "prisma/schema.prisma"] },
  { dir: "services/catalog", runtimeFiles: ["prisma/migrations", "prisma/schema.prisma"] },
  { dir: "services/orders", runtimeFiles: ["prisma/migrations", "prisma/schema.prisma"] },
  { dir: "bff-web", runtimeFiles: [] },
  // server.ts: the trusted documents, operations/manifest.json plus every operations/released/<version>/
  { dir: "bff-mobile", runtimeFiles: ["operations/manifest.json", "operations/released"] },
];

/** The five processes of a release and their entry points, relative to the release root (the cwd). */
export const RELEASE_ENTRYPOINTS = {
  users: "services/users/dist/main.js",
  catalog: "services/catalog/dist/main.js",
  orders: "services/orders/dist/main.js",
  "bff-web": "bff-web/dist/main.js",
  "bff-mobile": "bff-mobile/dist/main.js",
} as const;

/** The one-shot migration command of each domain service (a Kubernetes Job runs it before the Deployment). */
export const RELEASE_MIGRATE_COMMANDS = {
  users: "services/users/dist/migrate-command.js",
  catalog: "services/catalog/dist/migrate-command.js",
  orders: "services/orders/dist/migrate-command.js",
} as const;

/**
 * Packages that must never be installed in a release: the build and test tool chain. A runtime
 * import of any of them fails in the release by construction; the list names them so a check can
 * say which one crept in (e.g. as the optional peer `@prisma/client` declares on `prisma`).
 */
export const DEV_ONLY_PACKAGES: readonly string[] = [
  "tsx",
  "typescript",
  "prisma",
  "@prisma/engines",
  "@prisma/config",
  "esbuild",
  "vitest",
  "@bufbuild/buf",
  "@bufbuild/protoc-gen-es",
  "dependency-cruiser",
  "jscpd",
  "playwright-core",
  "@shop/bff-testing",
];
