import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

/** The bindings module of `@prisma/schema-engine-wasm`, once its WebAssembly instance is attached. */
type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let loaded: Promise<SchemaEngineModule> | undefined;

/**
 * Loads Prisma's WASM schema engine by hand. The package's entry point imports its `.wasm` file as an
 * ES module, which Node 20 accepts only behind `--experimental-wasm-modules`; instantiating the bytes
 * ourselves with the bindings module as the `./schema_engine_bg.js` import needs no flag.
 */
export function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loaded ??= (async () => {
    const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bytes = await readFile(join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

/** The smallest schema the engine accepts when only the provider matters (applying migrations). */
export const providerOnlySchema = 'datasource db {\n  provider = "postgresql"\n}\n';

/**
 * Runs `fn` with a schema engine bound to the given migration-aware adapter factory, and frees the
 * engine afterwards. `schema` is the Prisma schema text (one declaration per line, as `prisma format`
 * writes it).
 */
export async function withSchemaEngine<T>(
  options: {
    readonly schema: string;
    readonly schemaPath: string;
    readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
    readonly onLog?: (line: string) => void;
  },
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bindings = await loadSchemaEngineModule();
  const log = (line: string) => options.onLog?.(line);
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}
