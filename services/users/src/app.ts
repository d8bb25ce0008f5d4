import { fileURLToPath } from "node:url";
import { createLogger, service, startGrpcServer, type Logger } from "@shop/platform";
import { UserService } from "@shop/platform/contracts/users/v1";
import { openDatabase } from "@shop/platform/db";
import { newId } from "@shop/platform/ids";
import { PrismaClient } from "./data/generated/client.js";
import { createPrismaUserRepository } from "./data/prisma-user-repository.js";
import type { UsersDependencies } from "./dependencies.js";
import { createPasswordHasher, type ScryptParams } from "./domain/password-hasher.js";
import { userRoutes } from "./routes.js";
import { seedDemoUsers } from "./seed.js";

/** The folder of the service's Prisma migrations. */
export const USERS_MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** How to start the users service; the config keys of `config.ts`, plus test-only switches. */
export interface UsersServiceOptions {
  /** gRPC port. @default 0 (a free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** PostgreSQL URL; absent → embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory. @default `<repo>/.data/users/` (the platform's default) */
  readonly dataDir?: string | undefined;
  /** PGlite in memory (tests); wins over `dataDir`. @default false */
  readonly inMemory?: boolean;
  /** PostgreSQL pool size (PGlite always uses 1). @default 10 */
  readonly dbPoolSize?: number;
  /** Apply pending migrations under an advisory lock before serving. @default true */
  readonly migrateOnStart?: boolean;
  /** Seed the demo users when the table is empty. @default true */
  readonly seed?: boolean;
  /** @default a pino logger named "users" at `logLevel` */
  readonly logger?: Logger;
  /** Used only when no `logger` is given. @default "info" */
  readonly logLevel?: string;
  /** @default 10_000 */
  readonly shutdownGraceMs?: number;
  /** scrypt parameters for new hashes (tests may lower them). @default DEFAULT_SCRYPT_PARAMS */
  readonly passwordParams?: ScryptParams;
}

/** A running users service. */
export interface RunningUsersService {
  readonly port: number;
  /** "host:port" to give `createClient`. */
  readonly address: string;
  /** A postgres:// URL of the service's database (pglite-socket's in embedded mode), for tools and tests. */
  readonly databaseUrl: string;
  /** Stops serving (draining calls), then closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: options → database (migrated) → repository → use cases → routes → gRPC
 * server. Health turns SERVING only once migrations and the seed are done.
 */
export async function startUsersService(options: UsersServiceOptions = {}): Promise<RunningUsersService> {
  const logger = options.logger ?? createLogger("users", { level: options.logLevel ?? "info" });
  const database = await openDatabase({
    service: "users",
    ...(options.databaseUrl !== undefined ? { url: options.databaseUrl } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    inMemory: options.inMemory ?? false,
    poolSize: options.dbPoolSize ?? 10,
    migrationsDir: USERS_MIGRATIONS_DIR,
    migrate: options.migrateOnStart ?? true,
    logger,
  });
  const prisma = new PrismaClient({ adapter: database.adapter });
  const closeData = async () => {
    await prisma.$disconnect();
    await database.close();
  };
  try {
    const passwords = createPasswordHasher(options.passwordParams);
    const deps: UsersDependencies = {
      users: createPrismaUserRepository(prisma),
      passwords,
      now: () => new Date(),
      newId: () => newId(),
    };
    const server = await startGrpcServer({
      services: [service(UserService, userRoutes(deps))],
      port: options.port ?? 0,
      host: options.host ?? "127.0.0.1",
      logger,
      shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
      serving: false,
    });
    try {
      if (options.seed ?? true) {
        const report = await seedDemoUsers(deps.users, passwords);
        if (report.inserted > 0) logger.info({ inserted: report.inserted, ms: Math.round(report.elapsedMs) }, "seeded demo users");
      }
    } catch (error) {
      await server.shutdown();
      throw error;
    }
    server.setServing(true);
    logger.info({ address: server.address, database: database.mode }, "users service serving");
    return {
      port: server.port,
      address: server.address,
      databaseUrl: database.url,
      async stop() {
        await server.shutdown();
        await closeData();
      },
    };
  } catch (error) {
    await closeData();
    throw error;
  }
}

