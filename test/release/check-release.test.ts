import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { releaseProblems } from "../../scripts/release/check-release.js";
import { isCurrentOutput } from "../../scripts/release/lay-out-release.js";
import { prunePrismaRuntime } from "../../scripts/release/prune-prisma-runtime.js";
import { RELEASE_ENTRYPOINTS, RELEASE_MIGRATE_COMMANDS, RELEASE_PACKAGES } from "../../scripts/release/release-packages.js";

const COMPILER = "query_compiler_fast_bg.postgresql.mjs";
const COMPILER_WASM = "query_compiler_fast_bg.postgresql.wasm-base64.mjs";
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text = ""): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * A release in miniature with every file the check looks for: each package's manifest and export
 * targets, the entry points, the runtime files, and `@prisma/client` with the runtime a compiled
 * client imports, beside compilers nobody imports.
 */
function fakeRelease(): string {
  const dir = mkdtempSync(join(tmpdir(), "shop-fake-release-"));
  made.push(dir);
  for (const { dir: packageDir, runtimeFiles } of RELEASE_PACKAGES) {
    write(join(dir, packageDir, "package.json"), JSON.stringify({ exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } } }));
    write(join(dir, packageDir, "dist", "index.js"));
    write(join(dir, packageDir, "dist", "index.d.ts"));
    // a file (manifest.json, schema.prisma) or a folder (migrations, released)
    for (const file of runtimeFiles) write(/\.\w+$/.test(file) ? join(dir, packageDir, file) : join(dir, packageDir, file, ".keep"));
  }
  for (const entry of [...Object.values(RELEASE_ENTRYPOINTS), ...Object.values(RELEASE_MIGRATE_COMMANDS)]) write(join(dir, entry));
  write(
    join(dir, "services/users/dist/data/generated/internal/class.js"),
    `import * as runtime from "@prisma/client/runtime/client";\nconst a = () => import("@prisma/client/runtime/${COMPILER}");\nconst b = () => import("@prisma/client/runtime/${COMPILER_WASM}");\n`,
  );
  const client = join(dir, "node_modules/@prisma/client");
  write(join(client, "package.json"), JSON.stringify({ name: "@prisma/client", exports: { "./runtime/client": { node: "./runtime/client.js" }, "./*": "./*" } }));
  for (const file of ["client.js", "client.js.map", COMPILER, COMPILER_WASM, "query_compiler_fast_bg.mysql.mjs", "query_compiler_small_bg.sqlite.wasm-base64.js"]) {
    write(join(client, "runtime", file), "x".repeat(1000));
  }
  return dir;
}

describe("checking a release", () => {
  it("when every promised file is there and no dev package is installed, then the check finds nothing", () => {
    expect(releaseProblems(fakeRelease())).toEqual([]);
  });

  it("when an export target, an entry point or a runtime file is missing, then the check names each", () => {
    const dir = fakeRelease();
    rmSync(join(dir, "services/bff-kit/dist/index.d.ts"));
    rmSync(join(dir, RELEASE_ENTRYPOINTS["bff-mobile"]));
    rmSync(join(dir, "bff-mobile/operations/released"), { recursive: true });
    expect(releaseProblems(dir)).toEqual([
      'missing export target: services/bff-kit "." (types) → ./dist/index.d.ts',
      "missing entry point: bff-mobile/dist/main.js",
      "missing runtime file: bff-mobile/operations/released",
    ]);
  });

  it("when a dev-only package is installed, even nested under another package, or sources ship, then the check names it and where", () => {
    const dir = fakeRelease();
    write(join(dir, "node_modules/some-lib/node_modules/typescript/package.json"), "{}");
    write(join(dir, "services/service-host/node_modules/tsx/package.json"), "{}");
    write(join(dir, "services/users/src/main.ts"));
    expect(releaseProblems(dir).sort()).toEqual([
      "dev-only package installed: tsx (services/service-host/node_modules/tsx)",
      "dev-only package installed: typescript (node_modules/some-lib/node_modules/typescript)",
      "sources shipped: services/users/src",
    ]);
  });

  it("when the release was not installed, then the check says so", () => {
    const dir = fakeRelease();
    rmSync(join(dir, "node_modules"), { recursive: true });
    expect(releaseProblems(dir)).toEqual(["not installed: node_modules is missing"]);
  });
});

describe("pruning the Prisma runtime", () => {
  it("when the release is pruned, then the compilers the clients import stay, the others and the source maps go, and the check still passes", () => {
    const dir = fakeRelease();
    expect(prunePrismaRuntime(dir)).toBe(3000);
    expect(readdirSync(join(dir, "node_modules/@prisma/client/runtime")).sort()).toEqual(["client.js", COMPILER, COMPILER_WASM].sort());
    expect(releaseProblems(dir)).toEqual([]);
  });

  it("when a compiler a client imports is missing, then the check names the import", () => {
    const dir = fakeRelease();
    rmSync(join(dir, "node_modules/@prisma/client/runtime", COMPILER_WASM));
    expect(releaseProblems(dir)).toEqual([`unresolvable Prisma runtime import of a client: @prisma/client/runtime/${COMPILER_WASM}`]);
  });

  it("when the compiled clients import no query compiler, then pruning refuses rather than guess", () => {
    const dir = fakeRelease();
    write(join(dir, "services/users/dist/data/generated/internal/class.js"), 'import * as runtime from "@prisma/client/runtime/client";\n');
    expect(() => prunePrismaRuntime(dir)).toThrow(/import no @prisma\/client\/runtime\/query_compiler_\* file/);
    expect(existsSync(join(dir, "node_modules/@prisma/client/runtime/query_compiler_fast_bg.mysql.mjs"))).toBe(true);
  });
});

describe("copying a package's build output", () => {
  it("when dist/ holds the output of a source that was since removed, then only the current output is copied", () => {
    const pkg = mkdtempSync(join(tmpdir(), "shop-fake-package-"));
    made.push(pkg);
    for (const file of ["src/index.ts", "src/db/open.ts", "dist/index.js", "dist/index.d.ts", "dist/db/open.js", "dist/gone.js", "dist/gone.d.ts", "dist/.tsbuildinfo"]) write(join(pkg, file));
    const dist = join(pkg, "dist");
    const copied = ["index.js", "index.d.ts", "db", "db/open.js", "gone.js", "gone.d.ts", ".tsbuildinfo"].filter((file) => isCurrentOutput(dist, join(pkg, "src"), join(dist, file)));
    expect(copied).toEqual(["index.js", "index.d.ts", "db", "db/open.js"]);
  });
});
