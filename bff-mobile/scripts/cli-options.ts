// The options the operations scripts share: --schema <file.graphql> and --retired <versions>.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { buildSchema, type GraphQLSchema } from "graphql";
import { isVersionName, VERSION_NAME_FORMAT } from "../src/documents/version-names.js";

/** What the command line asked for. */
export interface CliOptions {
  /** `--schema <file>`: this SDL instead of the schema the server builds; else that one. */
  readonly schema: GraphQLSchema;
  /** What the schema is, for messages: the file, or "the current mobile schema". */
  readonly schemaName: string;
  /** `--retired 1.0.0,1.1.0`: released versions to leave out (as MOBILE_RETIRED_APP_VERSIONS does). */
  readonly retired: readonly string[];
}

/** Parses the command line; exits with code 2 and a usage line on a bad option. */
export async function readCliOptions(usage: string): Promise<CliOptions> {
  let values: { schema?: string; retired: string };
  try {
    ({ values } = parseArgs({ options: { schema: { type: "string" }, retired: { type: "string", default: "" } } }));
  } catch (error) {
    return fail(`${(error as Error).message}\nusage: ${usage}`);
  }
  const retired = values.retired.split(",").map((v) => v.trim()).filter(Boolean);
  const bad = retired.filter((v) => !isVersionName(v));
  if (bad.length > 0) return fail(`--retired ${bad.join(", ")}: not app versions (${VERSION_NAME_FORMAT})`);
  if (!values.schema) return { schema: (await import("../src/schema/index.js")).schema, schemaName: "the current mobile schema", retired };
  return { schema: buildSchema(await readFile(values.schema, "utf8")), schemaName: values.schema, retired };
}

function fail(message: string): never {
  console.error(`✘ ${message}`);
  process.exit(2);
}
