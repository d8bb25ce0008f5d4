/**
 * The package.json files of a release. In the repository each package exports its TypeScript
 * sources (`./src/*.ts`, what tsx and the tests run); a release exports the compiled JavaScript
 * with its declarations and carries only what `npm ci --omit=dev` and Node need.
 */

/** The fields of a workspace package.json the release reads. */
export interface WorkspaceManifest {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly type?: unknown;
  readonly exports?: unknown;
  readonly dependencies?: unknown;
  readonly [key: string]: unknown;
}

/** One export of a released package: the compiled module and its declarations. */
export interface ReleasedExport {
  readonly types: string;
  readonly default: string;
}

/** A released workspace package.json: no scripts, no devDependencies, no test exports. */
export interface ReleasedManifest {
  readonly name: string;
  readonly private: true;
  readonly type: "module";
  readonly description?: string;
  readonly exports?: Record<string, ReleasedExport>;
  readonly dependencies: Record<string, string>;
}

/** A package.json the release cannot turn into a released one, with the reason. */
export class ReleaseManifestError extends Error {
  override readonly name = "ReleaseManifestError";
}

/** Subpath exports that exist for tests only and never ship (`./testing`). */
const TEST_ONLY_EXPORT = /^\.\/testing(\/|$)/;

/**
 * `./src/<path>.ts` → `./dist/<path>.js` (and `.d.ts`): the file tsc writes for it with
 * `rootDir: src`, `outDir: dist`. Anything else cannot be shipped and is refused with its name.
 */
export function compiledTarget(packageName: string, subpath: string, source: unknown): ReleasedExport {
  if (typeof source !== "string") {
    throw new ReleaseManifestError(`${packageName}: export "${subpath}" must be a string path to a source file, got ${JSON.stringify(source)}`);
  }
  const match = /^\.\/src\/((?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*)\.ts$/.exec(source);
  if (match === null || match[1]!.split("/").some((part) => part === "." || part === "..")) {
    throw new ReleaseManifestError(`${packageName}: export "${subpath}" → ${JSON.stringify(source)} is not a ./src/<path>.ts file, so it has no compiled target in dist/`);
  }
  return { types: `./dist/${match[1]}.d.ts`, default: `./dist/${match[1]}.js` };
}

function stringRecord(packageName: string, field: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ReleaseManifestError(`${packageName}: "${field}" must be an object`);
  }
  for (const [key, spec] of Object.entries(value)) {
    if (typeof spec !== "string") throw new ReleaseManifestError(`${packageName}: ${field}.${key} must be a string`);
  }
  return { ...(value as Record<string, string>) };
}

/** The released package.json of one workspace package (pure: the caller reads and writes files). */
export function releasedManifest(source: WorkspaceManifest): ReleasedManifest {
  const name = source.name;
  if (typeof name !== "string" || !/^@shop\/[a-z][a-z0-9-]*$/.test(name)) {
    throw new ReleaseManifestError(`a shipped package must be named @shop/<name>, got ${JSON.stringify(name)}`);
  }
  if (source.type !== "module") throw new ReleaseManifestError(`${name}: "type" must be "module" (the build emits ES modules)`);
  const exports: Record<string, ReleasedExport> = {};
  const sourceExports = typeof source.exports === "string" ? { ".": source.exports } : source.exports ?? {};
  if (typeof sourceExports !== "object" || sourceExports === null || Array.isArray(sourceExports)) {
    throw new ReleaseManifestError(`${name}: "exports" must be a path or an object of subpaths`);
  }
  for (const [subpath, target] of Object.entries(sourceExports)) {
    if (TEST_ONLY_EXPORT.test(subpath)) continue;
    exports[subpath] = compiledTarget(name, subpath, target);
  }
  return {
    name,
    private: true,
    type: "module",
    ...(typeof source.description === "string" ? { description: source.description } : {}),
    ...(Object.keys(exports).length > 0 ? { exports } : {}),
    dependencies: stringRecord(name, "dependencies", source.dependencies),
  };
}

/** The root package.json of a release: the shipped workspaces and nothing to build or test with. */
export function releasedRootManifest(source: WorkspaceManifest, workspaces: readonly string[]): Record<string, unknown> {
  return {
    name: typeof source.name === "string" ? source.name : "shop",
    private: true,
    type: "module",
    ...(typeof source.description === "string" ? { description: source.description } : {}),
    ...(source.engines !== undefined ? { engines: source.engines } : {}),
    workspaces: [...workspaces],
    // resolution pins apply to the production tree as much as to the development one
    ...(source.overrides !== undefined ? { overrides: source.overrides } : {}),
  };
}
