import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

/** The bindings module of `@prisma/schema-engine-wasm`, once its WebAssembly instance is attached. */
type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let loaded: Promise<SchemaEngineModule> | undefined;

/** Where the engine's Rust panics leave their message (the bindings call `set_message` on it). */
class PanicRegistry {
  message = "";
  get(): string {
    return this.message;
  }
  set_message(message: string): void {
    this.message = message;
  }
}
const panics = new PanicRegistry();
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY ??= panics;

/**
 * The message of a panic since the last call, if any. Other Prisma WASM modules (the generated
 * client's query compiler) may have installed a registry of their own, without `get`: then only
 * our registry is consulted, and an error is never hidden behind a failing lookup.
 */
function takePanic(): string | undefined {
  const installed = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: Partial<PanicRegistry> }).PRISMA_WASM_PANIC_REGISTRY;
  const registry = typeof installed?.get === "function" ? installed : panics;
  const message = registry.get?.() ?? "";
  if (message === "") return undefined;
  registry.set_message?.("");
  return message;
}

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
  let engine: SchemaEngine | undefined;
  try {
    engine = await bindings.SchemaEngine.new(
      { datamodels: [[options.schemaPath, options.schema]] },
      log,
      bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
    );
    return await fn(engine);
  } catch (error) {
    const panic = takePanic();
    if (panic === undefined) throw error;
    // A panicked instance cannot be trusted again: the next caller gets a fresh one.
    loaded = undefined;
    engine = undefined;
    throw new Error(`the Prisma schema engine panicked: ${panic}`, { cause: error });
  } finally {
    try {
      engine?.free();
    } catch {
      // already freed by a failing call
    }
  }
}
