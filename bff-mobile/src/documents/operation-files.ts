import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Kind, parse, type OperationDefinitionNode } from "graphql";

/** One operation the mobile app sends, as written in `operations/<file>.graphql`. */
export interface OperationFile {
  /** File name, e.g. "home.graphql". */
  readonly file: string;
  /** The operation's name, e.g. "Home". */
  readonly name: string;
  /** "query" or "mutation". */
  readonly type: "query" | "mutation" | "subscription";
  /** The document text exactly as the app sends it (line endings normalised to \n). */
  readonly body: string;
  /** Lower-case hex sha256 of `body`: the Apollo `persistedQuery.sha256Hash`. */
  readonly sha256Hash: string;
}

/** The hash a client sends for a document: sha256 of its exact text, lower-case hex. */
export function documentHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/**
 * Reads every `*.graphql` file of a directory, sorted by file name. Each file holds exactly one
 * named operation (fragments it uses may sit in the same file); anything else throws, naming the file.
 */
export async function readOperationFiles(dir: string): Promise<OperationFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".graphql")).sort();
  const result: OperationFile[] = [];
  const names = new Set<string>();
  for (const file of files) {
    const body = (await readFile(join(dir, file), "utf8")).replace(/\r\n/g, "\n");
    const operation = operationFromText(file, body);
    if (names.has(operation.name)) throw new Error(`${file}: operation name ${operation.name} is used twice`);
    names.add(operation.name);
    result.push(operation);
  }
  return result;
}

/** One operation file from its text; throws unless it holds exactly one named operation. */
export function operationFromText(file: string, body: string): OperationFile {
  const operations = parse(body).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const [operation] = operations;
  if (operations.length !== 1 || !operation) {
    throw new Error(`${file}: expected exactly one operation, found ${operations.length}`);
  }
  const name = operation.name?.value;
  if (!name) throw new Error(`${file}: the operation needs a name`);
  return { file, name, type: operation.operation, body, sha256Hash: documentHash(body) };
}
