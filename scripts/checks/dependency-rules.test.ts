// Each dependency rule (.dependency-cruiser.cjs, plus no-circular-packages) fails on an import that
// breaks it, names itself, and stays quiet on the imports the architecture allows. One run of
// `npm run check:deps`'s script over a small fixture tree laid out like the repository.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { forbiddenIn } from "./production-trees.mjs";

const script = resolve(dirname(fileURLToPath(import.meta.url)), "dependency-rules.mjs");

/** Workspace packages of the fixture: folder -> [name, exports]. */
const PACKAGES: Record<string, [string, Record<string, string>]> = {
  gen: ["@shop/contracts", { "./users/v1": "./src/shop/users/v1/users_pb.ts" }],
  "services/grpc-runtime": ["@shop/grpc-runtime", { ".": "./src/index.ts" }],
  "services/service-host": ["@shop/service-host", { ".": "./src/index.ts" }],
  "services/bff-kit": ["@shop/bff-kit", { ".": "./src/index.ts" }],
  "services/bff-shop": ["@shop/bff-shop", { ".": "./src/index.ts" }],
  "services/bff-testing": ["@shop/bff-testing", { ".": "./src/index.ts" }],
  "services/users": ["@shop/users", { "./app": "./src/app.ts" }],
  "bff-web": ["@shop/bff-web", { ".": "./src/server.ts" }],
};
const NPM = ["graphql", "jose", "pg", "@prisma/client", "@bufbuild/protobuf"];

/** Files the architecture allows: none of them may be reported. */
const ALLOWED: Record<string, string> = {
  "gen/src/shop/users/v1/users_pb.ts": `import "@bufbuild/protobuf";\nimport "./common_pb.js";\nexport const x = 1;`,
  "gen/src/shop/users/v1/common_pb.ts": `export const y = 1;`,
  "services/grpc-runtime/src/index.ts": `import "@shop/contracts/users/v1";\nimport "@bufbuild/protobuf";`,
  "services/service-host/src/index.ts": `import "@shop/grpc-runtime";\nimport "@prisma/client";\nimport "pg";`,
  "services/bff-kit/src/index.ts": `import "graphql";\nimport "jose";\nimport "@shop/grpc-runtime";`,
  "services/bff-shop/src/index.ts": `import "@shop/bff-kit";\nimport "@shop/contracts/users/v1";`,
  "services/bff-testing/src/index.ts": `import "@shop/service-host";`,
  "services/users/src/app.ts": `import "@shop/contracts/users/v1";\nimport "./routes.js";\nimport "./data/repository.js";`,
  "services/users/src/main.ts": `import "@shop/contracts/users/v1";\nimport "./app.js";`,
  "services/users/src/routes.ts": `import "@shop/contracts/users/v1";\nimport "./create-user.js";\nimport "@shop/grpc-runtime";`,
  "services/users/src/create-user.ts": `import "./domain/user.js";\nexport const c = 1;`,
  "services/users/src/domain/user.ts": `export const u = 1;`,
  // the other half of cycle-a.ts's cycle (a cycle is reported once, from either of its files)
  "services/users/src/domain/cycle-b.ts": `import "./cycle-a.js";`,
  "services/users/src/data/repository.ts": `import "./generated/client.js";\nimport "@prisma/client";\nimport "../domain/user.js";`,
  "services/users/src/data/generated/client.ts": `import "@prisma/client";\nexport const PrismaClient = 1;`,
  "services/users/test/repository.test.ts": `import "../src/data/generated/client.js";\nimport "@shop/contracts/users/v1";\nimport "@shop/service-host";`,
  "bff-web/src/server.ts": `import "graphql";\nimport "@shop/bff-kit";\nimport "@shop/bff-shop";\nimport "./schema/user.js";`,
  "bff-web/src/schema/user.ts": `import "@shop/contracts/users/v1";\nimport "@shop/grpc-runtime";`,
  "bff-web/test/harness.ts": `import "@shop/service-host";\nimport "@shop/bff-testing";\nimport "../src/server.js";\nimport "../../test/support/system.js";`,
  "test/support/system.ts": `import "@shop/users/app";\nimport "@shop/bff-web";`,
  "scripts/tool.ts": `import "@shop/service-host";\nimport "../test/support/system.js";`,
};

/** One file per broken rule (some rules twice), and the rule it must be reported under. */
const VIOLATIONS: Record<string, [rule: string, source: string]> = {
  "services/users/src/bad-graphql.ts": ["service-no-bff-stack", `import "graphql";`],
  "services/service-host/src/bad-jose.ts": ["service-no-bff-stack", `import "jose";`],
  "services/users/test/bad-bff.test.ts": ["service-no-bff-stack", `import "@shop/bff-kit";`],
  "services/bff-shop/src/bad-prisma.ts": ["bff-no-persistence", `import "@prisma/client";`],
  "bff-web/src/bad-host.ts": ["bff-no-persistence", `import "@shop/service-host";`],
  "services/bff-kit/src/bad-testing.ts": ["bff-no-persistence", `import "@shop/bff-testing";`],
  "services/bff-kit/src/bad-domain.ts": ["bff-no-domain-service", `import "@shop/users/app";`],
  "bff-web/test/bad-domain.test.ts": ["bff-no-domain-service", `import "@shop/users/app";`],
  "bff-web/src/schema/bad-resolver.ts": ["resolvers-no-service-code", `import "@shop/users/app";`],
  "services/grpc-runtime/src/bad-pg.ts": ["runtime-stays-low", `import "pg";`],
  "services/grpc-runtime/src/bad-graphql.ts": ["runtime-stays-low", `import "graphql";`],
  "gen/src/shop/users/v1/bad_pb.ts": ["contracts-only-protobuf", `import "jose";`],
  "services/users/src/update-user.ts": ["contracts-only-in-handlers", `import "@shop/contracts/users/v1";`],
  "services/users/src/get-user.ts": ["prisma-only-in-repositories", `import "./data/generated/client.js";`],
  "services/users/src/domain/email.ts": ["prisma-only-in-repositories", `import "@prisma/client";`],
  "services/users/src/domain/cycle-a.ts": ["no-circular", `import "./cycle-b.js";`],
  "services/bff-kit/src/bad-cycle.ts": ["no-circular-packages", `import "@shop/bff-shop";`],
  "bff-web/src/bad-relative.ts": ["no-relative-import-across-packages", `import "../../services/bff-kit/src/index.js";`],
  "test/e2e/bad-relative.test.ts": ["no-relative-import-across-packages", `import "../../services/users/src/app.js";`],
  "services/users/src/bad-missing.ts": ["no-unresolvable-import", `import "./does-not-exist.js";`],
};

function write(root: string, path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), `${text}\n`);
}

function layOutFixture(root: string) {
  write(root, "package.json", JSON.stringify({ name: "fixture", private: true, type: "module", workspaces: Object.keys(PACKAGES) }));
  write(root, "tsconfig.json", JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", allowJs: true, noEmit: true }, include: ["**/*.ts"] }));
  for (const [folder, [name, exports]] of Object.entries(PACKAGES)) {
    write(root, `${folder}/package.json`, JSON.stringify({ name, private: true, type: "module", exports }));
    mkdirSync(join(root, "node_modules/@shop"), { recursive: true });
    symlinkSync(join(root, folder), join(root, "node_modules", name), "dir");
  }
  for (const name of NPM) {
    write(root, `node_modules/${name}/package.json`, JSON.stringify({ name, version: "1.0.0", main: "index.js" }));
    write(root, `node_modules/${name}/index.js`, "module.exports = {};");
  }
  for (const [path, text] of Object.entries(ALLOWED)) write(root, path, text);
  for (const [path, [, text]] of Object.entries(VIOLATIONS)) write(root, path, text);
}

describe("dependency rules", () => {
  it("report every broken rule by name, with its comment, and nothing the architecture allows", async () => {
    const root = mkdtempSync(join(tmpdir(), "dependency-rules-"));
    try {
      layOutFixture(root);
      const run = await promisify(execFile)(process.execPath, [script, "--base-dir", root]).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
      expect(run.code, run.out).toBe(1);

      const reported = new Set<string>();
      for (const match of run.out.matchAll(/^error (\S+): (\S+) →/gm)) {
        reported.add(`${match[1]} ${(match[2] ?? "").replace("cycle-b.ts", "cycle-a.ts")}`);
      }
      // a package cycle is reported from its first package (alphabetically), not from a file
      const expected = new Set(
        Object.entries(VIOLATIONS).map(([path, [rule]]) =>
          rule === "no-circular-packages" ? `${rule} services/bff-kit` : `${rule} ${path}`,
        ),
      );
      expect([...reported].sort()).toEqual([...expected].sort());

      // the message names the rule and says why it exists
      expect(run.out).toMatch(/error contracts-only-in-handlers: services\/users\/src\/update-user\.ts → gen\/src\/shop\/users\/v1\/users_pb\.ts\n\s+Inside a domain service only the transport layer knows protobuf/);
      expect(run.out).toMatch(/error no-circular-packages: services\/bff-kit → services\/bff-shop\n.*services\/bff-kit -> services\/bff-shop \(services\/bff-kit\/src\/bad-cycle\.ts/);
      expect(run.out).toMatch(/✘ dependency rules: \d+ violation\(s\) of /);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("production trees", () => {
  const users = { name: "@shop/users", forbidden: [/^graphql$/, /^jose$/] };
  const tree = (deps: object) => ({ name: "shop", dependencies: { "@shop/users": { resolved: "file:../../services/users", dependencies: deps } } });

  it("finds a forbidden package however deep, with the chain that brings it", () => {
    const t = tree({ "@shop/service-host": { resolved: "file:../service-host", dependencies: { a: { version: "1.0.0", dependencies: { jose: { version: "6.0.0" } } } } } });
    expect(forbiddenIn(t, users)).toEqual([{ dep: "jose", chain: "@shop/users > @shop/service-host > a > jose" }]);
    expect(forbiddenIn(tree({ pino: { version: "10.0.0" } }), users)).toEqual([]);
  });

  it("refuses output that is not the workspace's own expanded tree", () => {
    const several = { dependencies: { "@shop/users": { resolved: "x" }, "@shop/bff-web": { resolved: "y" } } };
    expect(() => forbiddenIn(several, users)).toThrow(/did not list @shop\/users's own tree/);
    // `npm ls --workspaces` prints a workspace met a second time as {}, hiding its dependencies
    expect(() => forbiddenIn(tree({ "@shop/service-host": {} }), users)).toThrow(/without its dependencies/);
    // a missing optional peer is printed as {} as well, and is simply not installed
    expect(forbiddenIn(tree({ graphql: {} }), users)).toEqual([]);
  });
});
