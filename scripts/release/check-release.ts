/**
 * Checks a laid-out release: what it promises (every export, entry point and migration command is
 * a file) and what it must not hold (sources, the build and test tool chain).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { importedPrismaRuntimeFiles } from "./prune-prisma-runtime.js";
import { DEV_ONLY_PACKAGES, RELEASE_ENTRYPOINTS, RELEASE_MIGRATE_COMMANDS, RELEASE_PACKAGES } from "./release-packages.js";

/** Every export target of every released package.json that is not a file in `dir`. */
export function missingExportTargets(dir: string): string[] {
  const missing: string[] = [];
  for (const { dir: packageDir } of RELEASE_PACKAGES) {
    const manifestPath = join(dir, packageDir, "package.json");
    if (!existsSync(manifestPath)) {
      missing.push(`${packageDir}/package.json`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { exports?: Record<string, Record<string, string>> };
    for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
      for (const [condition, target] of Object.entries(conditions)) {
        if (!existsSync(join(dir, packageDir, target))) missing.push(`${packageDir} "${subpath}" (${condition}) → ${target}`);
      }
    }
  }
  return missing;
}

/** Where a package would be installed: every node_modules folder of the release, walked once. */
function installedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>(); // package name -> first path holding it
  const visit = (nodeModules: string, relative: string): void => {
    for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const names = entry.name.startsWith("@") && entry.isDirectory()
        ? readdirSync(join(nodeModules, entry.name)).map((inner) => `${entry.name}/${inner}`)
        : [entry.name];
      for (const name of names) {
        const path = `${relative}/${name}`;
        if (!found.has(name)) found.set(name, path);
        const nested = join(nodeModules, name, "node_modules");
        if (existsSync(nested) && !entry.isSymbolicLink()) visit(nested, `${path}/node_modules`);
      }
    }
  };
  for (const base of ["", ...RELEASE_PACKAGES.map((p) => p.dir)]) {
    const nodeModules = join(dir, base, "node_modules");
    if (existsSync(nodeModules)) visit(nodeModules, base === "" ? "node_modules" : `${base}/node_modules`);
  }
  return found;
}

/** The dev-only packages installed anywhere in the release, each with where it is. */
export function devPackagesIn(dir: string): string[] {
  const installed = installedPackages(dir);
  return DEV_ONLY_PACKAGES.filter((name) => installed.has(name)).map((name) => `${name} (${installed.get(name)})`);
}

/** Everything wrong with the release in `dir`; empty when it is complete and production-only. */
export function releaseProblems(dir: string): string[] {
  const problems = missingExportTargets(dir).map((m) => `missing export target: ${m}`);
  for (const entry of [...Object.values(RELEASE_ENTRYPOINTS), ...Object.values(RELEASE_MIGRATE_COMMANDS)]) {
    if (!existsSync(join(dir, entry))) problems.push(`missing entry point: ${entry}`);
  }
  for (const { dir: packageDir, runtimeFiles } of RELEASE_PACKAGES) {
    if (existsSync(join(dir, packageDir, "src"))) problems.push(`sources shipped: ${packageDir}/src`);
    for (const file of runtimeFiles) {
      if (!existsSync(join(dir, packageDir, file))) problems.push(`missing runtime file: ${packageDir}/${file}`);
    }
  }
  if (!existsSync(join(dir, "node_modules"))) return [...problems, "not installed: node_modules is missing"];
  for (const dev of devPackagesIn(dir)) problems.push(`dev-only package installed: ${dev}`);
  const fromService = createRequire(join(dir, "services", "users", "package.json"));
  for (const file of importedPrismaRuntimeFiles(dir)) {
    try {
      fromService.resolve(`@prisma/client/runtime/${file}`);
    } catch {
      problems.push(`unresolvable Prisma runtime import of a client: @prisma/client/runtime/${file}`);
    }
  }
  return problems;
}
