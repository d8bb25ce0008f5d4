import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

export const RELEASE_HELP = `Usage: npm run release -- --out DIR

Builds every runtime package (tsc -b) and lays out one production install of all five processes in
DIR, mirroring the repository's paths: npm ci --omit=dev --ignore-scripts, the Prisma query
compilers no client loads removed, then checked (exports, entry points, no dev package).

  --out DIR   where the release goes: a new or empty folder outside the repository (or under .tmp/)
  --help      this text

Start a process from DIR with plain node, e.g. (cd DIR && node services/users/dist/main.js).`;

/** What `npm run release` was asked to do. */
export interface ReleaseOptions {
  readonly help: boolean;
  /** Absolute path of the release folder. */
  readonly out: string;
}

/** A command line the release refuses, with the reason. */
export class ReleaseOptionsError extends Error {
  override readonly name = "ReleaseOptionsError";
}

/**
 * Parses the release's arguments. Refuses an unknown flag, a missing `--out`, a folder that is not
 * empty (a release is laid out whole, never over an older one) and a folder that is the repository
 * or one of its ancestors, or inside it anywhere but under `.tmp/` (it would be scanned as sources).
 */
export function parseReleaseOptions(argv: readonly string[], repoRoot: string, cwd: string = process.cwd()): ReleaseOptions {
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { help: true, out: "" };
    if (arg === "--out" || arg.startsWith("--out=")) {
      const value = arg === "--out" ? argv[++i] : arg.slice("--out=".length);
      if (value === undefined || value === "" || value.startsWith("--")) throw new ReleaseOptionsError("--out needs a folder");
      if (out !== undefined) throw new ReleaseOptionsError("--out given twice");
      out = resolve(cwd, value);
      continue;
    }
    throw new ReleaseOptionsError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (out === undefined) throw new ReleaseOptionsError("--out DIR is required");
  const root = resolve(repoRoot);
  if (!isOutside(out, root)) throw new ReleaseOptionsError(`--out ${out} holds the repository: use a folder of its own`);
  const tmp = resolve(root, ".tmp");
  if (!isOutside(root, out) && (out === tmp || isOutside(tmp, out))) {
    throw new ReleaseOptionsError(`--out ${out} is inside the repository: use a folder outside it, or under .tmp/`);
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new ReleaseOptionsError(`--out ${out} is a file`);
    if (readdirSync(out).length > 0) throw new ReleaseOptionsError(`--out ${out} is not empty: a release is laid out whole, into a new or empty folder`);
  }
  return { help: false, out };
}

/** Whether `path` is outside `folder` (neither the folder itself nor anything under it). */
function isOutside(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === ".." || fromFolder.startsWith(`..${sep}`) || isAbsolute(fromFolder);
}
