import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/launcher/launch-system.js";
import { RELEASE_PACKAGES } from "../../scripts/release/release-packages.js";
import { compiledTarget, ReleaseManifestError, releasedManifest, releasedRootManifest } from "../../scripts/release/released-manifest.js";

describe("released package.json", () => {
  it("when a package exports its sources, then the release exports the compiled module with its declarations, and drops scripts, devDependencies and ./testing", () => {
    const released = releasedManifest({
      name: "@shop/catalog",
      private: true,
      type: "module",
      description: "The catalog.",
      scripts: { start: "node --import tsx src/main.ts" },
      dependencies: { "@shop/contracts": "*" },
      devDependencies: { "@shop/bff-testing": "*" },
      exports: { "./app": "./src/app.ts", "./testing": "./test/support/testing-entry.ts", "./testing/extra": "./src/testing/x.ts" },
    });
    expect(released).toEqual({
      name: "@shop/catalog",
      private: true,
      type: "module",
      description: "The catalog.",
      exports: { "./app": { types: "./dist/app.d.ts", default: "./dist/app.js" } },
      dependencies: { "@shop/contracts": "*" },
    });
  });

  it("when the export is nested under src/, then its target keeps the same path under dist/", () => {
    expect(compiledTarget("@shop/contracts", "./users/v1", "./src/shop/users/v1/users_pb.ts")).toEqual({
      types: "./dist/shop/users/v1/users_pb.d.ts",
      default: "./dist/shop/users/v1/users_pb.js",
    });
  });

  it.each([
    ["a file outside src/", "./test/support/entry.ts"],
    ["a path that climbs out of src/", "./src/../package.ts"],
    ["a JavaScript file", "./src/index.js"],
    ["conditions instead of a path", { import: "./src/index.ts" }],
    ["an absolute path", "/etc/passwd.ts"],
  ])("when an export is %s, then the release refuses it, naming the package and the export", (_what, target) => {
    expect(() => releasedManifest({ name: "@shop/bff-kit", type: "module", exports: { ".": target } })).toThrow(ReleaseManifestError);
    expect(() => releasedManifest({ name: "@shop/bff-kit", type: "module", exports: { ".": target } })).toThrow(/@shop\/bff-kit: export "\."/);
  });

  it.each([
    ["no name", { type: "module" }, /named @shop\/<name>/],
    ["a foreign name", { name: "left-pad", type: "module" }, /named @shop\/<name>/],
    ["CommonJS", { name: "@shop/users" }, /"type" must be "module"/],
    ["a dependency that is not a version string", { name: "@shop/users", type: "module", dependencies: { pg: 8 } }, /dependencies\.pg must be a string/],
  ])("when a package.json has %s, then the release refuses it with the reason", (_what, manifest, reason) => {
    expect(() => releasedManifest(manifest)).toThrow(reason);
  });

  it("when the repository's packages are released, then every one of them maps each non-test export", () => {
    for (const { dir } of RELEASE_PACKAGES) {
      const source = JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as { exports?: Record<string, string> };
      const released = releasedManifest(source);
      const shipped = Object.keys(source.exports ?? {}).filter((subpath) => !subpath.startsWith("./testing"));
      expect(Object.keys(released.exports ?? {}), dir).toEqual(shipped);
    }
  });

  it("when the root is released, then it lists only the shipped workspaces and carries no scripts or devDependencies", () => {
    const root = releasedRootManifest(
      { name: "shop", engines: { node: ">=20.19" }, scripts: { postinstall: "node scripts/prisma-generate.mjs" }, devDependencies: { tsx: "^4" }, workspaces: ["services/bff-testing"] },
      ["gen", "bff-web"],
    );
    expect(root).toEqual({ name: "shop", private: true, type: "module", engines: { node: ">=20.19" }, workspaces: ["gen", "bff-web"] });
  });
});
