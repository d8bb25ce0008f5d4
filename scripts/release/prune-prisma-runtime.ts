/**
 * `@prisma/client` ships its WebAssembly query compiler for every database it supports, twice
 * (fast and small builds) and in two module formats, as base64 text: about 70 MB, of which the
 * generated clients load one compiler (PostgreSQL's) in one format. The release keeps exactly the
 * runtime files the compiled clients import and removes the other compilers and the source maps.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where the generated Prisma clients are compiled to, relative to the release. */
const GENERATED_CLIENTS = ["services/users", "services/catalog", "services/orders"].map((dir) => `${dir}/dist/data/generated`);

/** `@prisma/client/runtime/<file>` subpaths a compiled client imports (`./*` maps them to files as named). */
const RUNTIME_IMPORT = /["']@prisma\/client\/runtime\/([A-Za-z0-9_.-]+)["']/g;

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The runtime files the release's compiled Prisma clients import, e.g. `query_compiler_fast_bg.postgresql.mjs`. */
export function importedPrismaRuntimeFiles(releaseDir: string): Set<string> {
  const imported = new Set<string>();
  for (const dir of GENERATED_CLIENTS) {
    for (const file of jsFiles(join(releaseDir, dir))) {
      for (const match of readFileSync(file, "utf8").matchAll(RUNTIME_IMPORT)) imported.add(match[1]!);
    }
  }
  return imported;
}

/** The folder of `@prisma/client`'s runtime in the release. */
export function prismaRuntimeDir(releaseDir: string): string {
  return join(releaseDir, "node_modules", "@prisma", "client", "runtime");
}

/**
 * Removes the query compilers no compiled client imports and the runtime's source maps; returns
 * the bytes freed. Refuses (throws) when the clients import no query compiler at all: the
 * generated code changed shape, and pruning by a guess could ship a client that cannot start.
 */
export function prunePrismaRuntime(releaseDir: string): number {
  const runtime = prismaRuntimeDir(releaseDir);
  if (!existsSync(runtime)) return 0;
  const imported = importedPrismaRuntimeFiles(releaseDir);
  if (![...imported].some((file) => file.startsWith("query_compiler_"))) {
    throw new Error("the compiled Prisma clients import no @prisma/client/runtime/query_compiler_* file: not pruning (has the generator's output changed?)");
  }
  let freed = 0;
  for (const name of readdirSync(runtime)) {
    const unused = (name.startsWith("query_compiler_") && !imported.has(name)) || name.endsWith(".map");
    if (!unused) continue;
    const path = join(runtime, name);
    freed += statSync(path).size;
    rmSync(path);
  }
  return freed;
}
