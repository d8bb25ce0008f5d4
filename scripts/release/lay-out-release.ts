/**
 * Makes one release: build → lay out → production install → check. The Dockerfile's build stage
 * and test/release/production-install.test.ts both run exactly this (through make-release.ts).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { releaseProblems } from "./check-release.js";
import { prunePrismaRuntime } from "./prune-prisma-runtime.js";
import { RELEASE_PACKAGES } from "./release-packages.js";
import { releasedManifest, releasedRootManifest, type WorkspaceManifest } from "./released-manifest.js";

/** What {@link makeRelease} needs. */
export interface MakeReleaseOptions {
  /** The repository to release. */
  readonly repoRoot: string;
  /** The release folder (new or empty; see parseReleaseOptions). */
  readonly out: string;
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
}

/** How long each step took, in ms. */
export interface ReleaseTimings {
  readonly buildMs: number;
  readonly layoutMs: number;
  readonly installMs: number;
}

/** A step of the release that failed, with what to do about it. */
export class ReleaseError extends Error {
  override readonly name = "ReleaseError";
}

const SERVICES_WITH_PRISMA = ["users", "catalog", "orders"] as const;

/**
 * The environment of the npm commands run inside the release: the caller's, minus what `npm run`
 * exported about the repository's own package and lifecycle, so nothing of the repository leaks in.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function run(command: string, args: readonly string[], cwd: string, what: string, env?: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined || result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    throw new ReleaseError(`${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${output}`);
  }
}

function timed(step: () => void): number {
  const started = performance.now();
  step();
  return Math.round(performance.now() - started);
}

/**
 * `tsc -b tsconfig.build.json`: every runtime package to `dist/` (incremental: a second run with no
 * change takes a few seconds). The Prisma clients compile with the rest, so they must exist first.
 */
export function buildPackages(repoRoot: string): void {
  for (const service of SERVICES_WITH_PRISMA) {
    if (!existsSync(join(repoRoot, "services", service, "src", "data", "generated", "client.ts"))) {
      throw new ReleaseError(`services/${service} has no generated Prisma client: run npm ci (its postinstall generates it) or npm run prisma:generate`);
    }
  }
  const tsc = createRequire(join(repoRoot, "package.json")).resolve("typescript/bin/tsc");
  run(process.execPath, [tsc, "-b", "tsconfig.build.json"], repoRoot, "the build (tsc -b tsconfig.build.json)");
}

function readManifest(path: string): WorkspaceManifest {
  return JSON.parse(readFileSync(path, "utf8")) as WorkspaceManifest;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Whether a file under `dist/` is output of a source that still exists: `tsc -b` never deletes
 * the output of a removed source, and a stale module must not ship (an import of it would still
 * work in the release). Folders pass; tsc's build info never ships.
 */
export function isCurrentOutput(distDir: string, srcDir: string, path: string): boolean {
  if (statSync(path).isDirectory()) return true;
  const match = /^(.*)(\.d\.ts|\.js)$/.exec(relative(distDir, path));
  return match !== null && existsSync(join(srcDir, `${match[1]}.ts`));
}

/**
 * Copies each package's released package.json, `dist/` (current output only) and runtime
 * files into `out` at the package's repository path, and writes the root package.json.
 */
export function layOutRelease(repoRoot: string, out: string): void {
  mkdirSync(out, { recursive: true });
  for (const { dir, runtimeFiles } of RELEASE_PACKAGES) {
    const from = join(repoRoot, dir);
    const to = join(out, dir);
    if (!existsSync(join(from, "dist"))) throw new ReleaseError(`${dir}/dist is missing: the build did not compile it`);
    mkdirSync(to, { recursive: true });
    writeJson(join(to, "package.json"), releasedManifest(readManifest(join(from, "package.json"))));
    cpSync(join(from, "dist"), join(to, "dist"), { recursive: true, filter: (source) => isCurrentOutput(join(from, "dist"), join(from, "src"), source) });
    for (const file of runtimeFiles) {
      if (!existsSync(join(from, file))) throw new ReleaseError(`${dir}/${file} is missing: the package reads it at run time`);
      mkdirSync(dirname(join(to, file)), { recursive: true });
      cpSync(join(from, file), join(to, file), { recursive: true });
    }
  }
  const root = readManifest(join(repoRoot, "package.json"));
  writeJson(join(out, "package.json"), releasedRootManifest(root, RELEASE_PACKAGES.map((p) => p.dir)));
}

/**
 * The production install. The repository's lockfile is pruned to the release's manifests (same
 * versions, minus every development package), then `npm ci --omit=dev` installs exactly that.
 * `--ignore-scripts`: the production tree needs no install step (Prisma's query compiler and
 * schema engine and PGlite are WebAssembly inside their packages; the root postinstall, which runs
 * the Prisma CLI to generate clients, belongs to the repository and is already compiled in), and
 * an install that runs no package's code is one less thing to trust in an image build.
 */
export function installProduction(repoRoot: string, out: string): void {
  copyFileSync(join(repoRoot, "package-lock.json"), join(out, "package-lock.json"));
  const env = npmEnvironment();
  const quiet = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"];
  run("npm", ["install", "--package-lock-only", ...quiet], out, "pruning the lockfile to the release (npm install --package-lock-only)", env);
  run("npm", ["ci", "--omit=dev", ...quiet], out, "the production install (npm ci --omit=dev)", env);
}

/** Builds, lays out, installs, prunes and checks one release in `options.out`; throws a ReleaseError on any failure. */
export function makeRelease(options: MakeReleaseOptions): ReleaseTimings {
  const log = options.log ?? ((line: string) => console.log(line));
  const { repoRoot, out } = options;
  log("release: building (tsc -b tsconfig.build.json)…");
  const buildMs = timed(() => buildPackages(repoRoot));
  log(`release: built in ${(buildMs / 1000).toFixed(1)} s; laying out ${out}…`);
  const layoutMs = timed(() => layOutRelease(repoRoot, out));
  log("release: installing production dependencies (npm ci --omit=dev --ignore-scripts)…");
  const installMs = timed(() => installProduction(repoRoot, out));
  let freed: number;
  try {
    freed = prunePrismaRuntime(out);
  } catch (error) {
    throw new ReleaseError(error instanceof Error ? error.message : String(error));
  }
  log(`release: removed ${(freed / 2 ** 20).toFixed(0)} MiB of Prisma query compilers no client loads (other databases, source maps)`);
  const problems = releaseProblems(out);
  if (problems.length > 0) throw new ReleaseError(`the release in ${out} is not right:\n  ${problems.join("\n  ")}`);
  log(`release: ready in ${out} (build ${(buildMs / 1000).toFixed(1)} s, layout ${(layoutMs / 1000).toFixed(1)} s, install ${(installMs / 1000).toFixed(1)} s)`);
  return { buildMs, layoutMs, installMs };
}
