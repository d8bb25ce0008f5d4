import { createLogger } from "@shop/grpc-runtime";
import { openDatabase } from "../db/index.js";
import type { CompositionScope, DomainServiceIdentity } from "../host/start-domain-service.js";
import type { SeedReport } from "./seed-report.js";

/** What `npm run seed -w @shop/<service>` runs. */
export interface SeedCommandOptions {
  /** The service whose database is seeded. */
  readonly service: DomainServiceIdentity;
  /** The service's configuration, read from the environment exactly as `npm start` reads it. */
  readonly config: {
    readonly databaseUrl?: string | undefined;
    readonly dataDir?: string | undefined;
    readonly dbPoolSize: number;
    readonly logLevel: string;
  };
  /** Seeds the demo data through the service's own store when the database is empty. */
  seed(scope: CompositionScope): Promise<SeedReport>;
  /** Where the report line goes. @default process.stdout */
  readonly out?: { write(text: string): unknown };
}

/** The one line a seed command prints. */
export interface SeedCommandReport extends SeedReport {
  readonly service: string;
  /** `"pglite"` or `"postgres"`. */
  readonly database: string;
}

/**
 * Opens (and migrates) the service's database as the service would, seeds it, closes everything
 * and prints one JSON line `{"service","inserted","ms","database"}` on standard output; log lines
 * go to standard error, so the output is that line alone.
 */
export async function runSeedCommand(options: SeedCommandOptions): Promise<SeedCommandReport> {
  const { service, config } = options;
  const logger = createLogger(`${service.name}-seed`, {
    level: config.logLevel,
    destination: { write: (line: string) => process.stderr.write(line) },
  });
  const database = await openDatabase({
    service: service.name,
    migrationsDir: service.migrationsDir,
    ...(service.schemaPath !== undefined ? { schemaPath: service.schemaPath } : {}),
    ...(config.databaseUrl !== undefined ? { url: config.databaseUrl } : {}),
    ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}),
    poolSize: config.dbPoolSize,
    migrate: true,
    logger,
  });
  const cleanups: (() => unknown)[] = [() => database.close()];
  try {
    const seeded = await options.seed({ database, logger, onStop: (cleanup) => cleanups.push(cleanup) });
    const report: SeedCommandReport = { service: service.name, inserted: seeded.inserted, ms: seeded.ms, database: database.mode };
    (options.out ?? process.stdout).write(`${JSON.stringify(report)}\n`);
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ err: error }, `${service.name}-seed: error while closing`);
      }
    }
  }
}
