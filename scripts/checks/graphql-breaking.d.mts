import type { Baseline, Watch } from "./breaking-baseline.mjs";

export interface Bff {
  name: string;
  /** Its printed SDL, relative to the repository's top. */
  schema: string;
  /** Its reviewed allow-list of intended breaking changes, relative to the top. */
  allowList: string;
  /** An npm script that must pass before a breaking change of this schema is allowed. */
  clientsCheck?: { workspace: string; script: string; what: string };
}

export const BFFS: Bff[];

export function graphqlWatch(schemaPath: string): Watch;

export interface SchemaChange {
  level: "BREAKING" | "DANGEROUS" | "NON_BREAKING";
  /** graphql-inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** Where, as allow-list entries name it. */
  path: string;
  message: string;
  /** graphql-inspector's explanation of the criticality, when it gives one. */
  why?: string;
}

export function changePath(change: { type: string; path?: string; meta?: Record<string, unknown> }): string;

export function schemaChanges(oldSdl: string, newSdl: string): Promise<SchemaChange[]>;

export interface AllowEntry {
  path: string;
  type: string;
  reason: string;
}

export function parseAllowList(text: string | undefined, file: string): { entries: AllowEntry[]; errors: string[] };

export interface Comparison {
  baseline: Baseline;
  changes: SchemaChange[];
}

export function judge(
  comparisons: Comparison[],
  allowList: { entries: AllowEntry[]; errors: string[] },
): {
  comparisons: {
    baseline: Baseline;
    intended: { change: SchemaChange; entry: AllowEntry }[];
    unlisted: SchemaChange[];
    dangerous: SchemaChange[];
    nonBreaking: SchemaChange[];
  }[];
  stale: AllowEntry[];
  errors: string[];
  /** Breaking changes over all comparisons, intended or not. */
  breaking: number;
  ok: boolean;
};

export type ClientsCheck = (options: {
  top: string;
  env: NodeJS.ProcessEnv;
  check: NonNullable<Bff["clientsCheck"]>;
}) => { ran: false } | { ran: true; ok: boolean };

export const runClientsCheck: ClientsCheck;

export function checkGraphql(options?: {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  bffs?: Bff[];
  out?: (line: string) => void;
  err?: (line: string) => void;
  clientsCheck?: ClientsCheck;
}): Promise<boolean>;
