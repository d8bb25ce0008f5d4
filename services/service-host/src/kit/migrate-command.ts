import { applyMigrations } from "../db/index.js";
import type { DomainServiceIdentity } from "../host/start-domain-service.js";

/** What a service's `migrate-command.ts` (its Kubernetes migration Job) runs. */
export interface MigrateCommandOptions {
  readonly service: DomainServiceIdentity;
  /** Reads the service's configuration (may throw a ConfigError, reported like any failure). */
  readonly loadConfig: () => { readonly databaseUrl?: string | undefined };
  /** Where the report line and the failure go. @default process.stdout / process.stderr */
  readonly out?: { write(text: string): unknown };
  readonly err?: { write(text: string): unknown };
}

/**
 * Applies the pending migrations to the service's PostgreSQL database under the advisory lock (safe
 * beside other runners and starting replicas) and prints `{"service","applied","ms"}`. On failure
 * prints the reason and sets exit code 1. An embedded database is migrated by its service at start,
 * so a missing URL is an error here.
 */
export async function runMigrateCommand(options: MigrateCommandOptions): Promise<void> {
  const { service, out = process.stdout, err = process.stderr } = options;
  try {
    const { databaseUrl } = options.loadConfig();
    if (databaseUrl === undefined) {
      throw new Error(`${service.name.toUpperCase()}_DATABASE_URL is not set (an embedded database migrates when its service starts)`);
    }
    const started = Date.now();
    const applied = await applyMigrations({ url: databaseUrl, ...service });
    out.write(`${JSON.stringify({ service: service.name, applied, ms: Date.now() - started })}\n`);
  } catch (error) {
    err.write(`${service.name} migrations failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
