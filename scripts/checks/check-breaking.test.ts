// What `npm run check:breaking` compares proto/ with, decided over small temporary git repositories:
// main with and without release tags, branches, merges, uncommitted changes, shallow clones with and
// without a remote, a CI-like clone whose origin is gone; and two real buf runs (break / no break).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gitTestEnv } from "./git-test-env.js";
import { findBaselines, NoBaselineError } from "./breaking-baseline.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const env = gitTestEnv("BUF_BREAKING_AGAINST");

const scratch = mkdtempSync(join(tmpdir(), "check-breaking-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;

const PROTO = "proto/shop/t/v1/t.proto";
const message = (fields: string) => `syntax = "proto3";\npackage shop.t.v1;\nmessage Thing {\n${fields}}\n`;
const V1 = message("  string id = 1;\n  string name = 2;\n");
const V2 = message("  string id = 1;\n  string name = 2;\n  string note = 3;\n"); // compatible with V1
const BROKEN = message("  string id = 1;\n"); // deletes a field of V1

class Repo {
  constructor(readonly dir: string) {}
  static init(): Repo {
    const repo = new Repo(join(scratch, `r${++count}`));
    mkdirSync(repo.dir);
    repo.git("init", "-q", "-b", "main");
    copyFileSync(join(repoRoot, "buf.yaml"), join(repo.dir, "buf.yaml"));
    return repo;
  }
  static clone(from: Repo, ...options: string[]): Repo {
    const dir = join(scratch, `r${++count}`);
    execFileSync("git", ["clone", "-q", ...options, `file://${from.dir}`, dir], { env });
    return new Repo(dir);
  }
  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, env, encoding: "utf8" }).trim();
  }
  write(path: string, text: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
    return this;
  }
  commit(subject: string, files: Record<string, string> = { [`notes/${subject}.md`]: subject }): string {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
    this.git("add", "-A");
    this.git("commit", "-q", "-m", subject);
    return this.git("rev-parse", "HEAD");
  }
  baselines(extraEnv: Record<string, string> = {}) {
    const log: string[] = [];
    const found = findBaselines({ cwd: this.dir, env: { ...env, ...extraEnv }, log: (m) => log.push(m) });
    return { against: found.map((b) => b.against), why: found.map((b) => b.why), log };
  }
}

/** main: c1 brings proto/ (V1), c2 changes it (V2), c3 changes something else. */
function mainWithHistory() {
  const repo = Repo.init();
  const c1 = repo.commit("c1", { [PROTO]: V1 });
  const c2 = repo.commit("c2", { [PROTO]: V2 });
  const c3 = repo.commit("c3");
  return { repo, c1, c2, c3 };
}

describe("check:breaking baseline", () => {
  it("on main without tags: main just before the last change to proto/, not HEAD~1", () => {
    const { repo, c1 } = mainWithHistory();
    const b = repo.baselines();
    expect(b.against).toEqual([c1]);
    expect(b.why[0]).toMatch(/before the last change to proto\/ \(\w+ c2\)/);
  });

  it("on main whose proto/ never changed since it came: the commit that brought it (CI's case here)", () => {
    const repo = Repo.init();
    const c1 = repo.commit("c1", { [PROTO]: V1 });
    repo.commit("c2");
    expect(repo.baselines().against).toEqual([c1]);
    expect(repo.baselines().why[0]).toMatch(/not changed since it was introduced/);
  });

  it("on main: the last release tag; at a release, the release before it", () => {
    const { repo, c1, c2 } = mainWithHistory();
    repo.git("tag", "v1.0.0", c1);
    expect(repo.baselines().against).toEqual([c1]);
    repo.git("tag", "-a", "-m", "release", "v1.1.0", c2);
    expect(repo.baselines().against).toEqual([c2]);
    repo.git("tag", "v1.2.0", "HEAD");
    expect(repo.baselines()).toMatchObject({ against: [c2], why: ["last release tag v1.1.0"] });
  });

  it("on a branch: the merge-base with main, even when main moved on", () => {
    const { repo, c3 } = mainWithHistory();
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("f1", { [PROTO]: BROKEN });
    repo.git("checkout", "-q", "main");
    repo.commit("c4", { [PROTO]: V1 });
    repo.git("checkout", "-q", "feature");
    const b = repo.baselines();
    expect(b.against).toEqual([c3]);
    expect(b.why[0]).toMatch(/^merge-base of HEAD and main/);
  });

  it("prefers origin/main to a local main, and needs no reachable origin once cloned (CI)", () => {
    const { repo: upstream, c1 } = mainWithHistory();
    const clone = Repo.clone(upstream);
    rmSync(upstream.dir, { recursive: true, force: true }); // origin now points nowhere
    expect(clone.baselines().against).toEqual([c1]);
    // local main ahead of origin/main: its own commits are compared with origin/main
    const c4 = clone.git("rev-parse", "HEAD");
    clone.commit("c5", { [PROTO]: V2 + "\n" });
    expect(clone.baselines()).toMatchObject({ against: [c4], why: [expect.stringMatching(/origin\/main/)] });
  });

  it("after a merge into main: main as it was before the merge (first parent)", () => {
    const { repo, c3 } = mainWithHistory();
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("f1", { [PROTO]: message("  string id = 1;\n  string name = 2;\n  int32 size = 4;\n") });
    repo.commit("f2");
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
    repo.commit("c6");
    expect(repo.baselines().against).toEqual([c3]);
  });

  it("uncommitted changes under proto/: HEAD as well as main's baseline", () => {
    const { repo, c1, c3 } = mainWithHistory();
    repo.write(PROTO, BROKEN);
    expect(repo.baselines().against).toEqual([c3, c1]);
    repo.write("proto/shop/t/v1/new.proto", 'syntax = "proto3";\npackage shop.t.v1;\n');
    expect(repo.baselines().against).toEqual([c3, c1]);
  });

  it("BUF_BREAKING_AGAINST overrides everything", () => {
    const { repo } = mainWithHistory();
    expect(repo.baselines({ BUF_BREAKING_AGAINST: ".git#tag=v9" }).against).toEqual([".git#tag=v9"]);
  });

  it("deepens a shallow clone from its remote, tags included", () => {
    const { repo: upstream, c1, c2 } = mainWithHistory();
    upstream.git("tag", "v1.0.0", c2);
    const clone = Repo.clone(upstream, "--depth", "1", "--no-tags");
    expect(clone.git("rev-parse", "--is-shallow-repository")).toBe("true");
    const b = clone.baselines();
    expect(b.log[0]).toMatch(/shallow clone: fetching the full history and tags from origin/);
    expect(clone.git("rev-parse", "--is-shallow-repository")).toBe("false");
    expect(b.against).toEqual([c2]);
    expect(c1).not.toBe(c2);
  });

  it("fails, saying how to give it a baseline, on a shallow clone it cannot deepen", () => {
    const { repo: upstream } = mainWithHistory();
    const clone = Repo.clone(upstream, "--depth", "1");
    clone.git("remote", "remove", "origin");
    expect(() => clone.baselines()).toThrow(NoBaselineError);
    expect(() => clone.baselines()).toThrow(/shallow.*\n.*BUF_BREAKING_AGAINST.*git fetch --unshallow/s);
  });

  it("fails outside a git checkout, and in a repository without commits", () => {
    const plain = join(scratch, `plain${++count}`);
    mkdirSync(plain);
    expect(() => findBaselines({ cwd: plain, env })).toThrow(/not a git checkout/);
    expect(() => Repo.init().baselines()).toThrow(/no commit yet/);
  });
});

describe("check:breaking", () => {
  const run = (repo: Repo) =>
    spawnSync(process.execPath, [join(repoRoot, "scripts/check-breaking.mjs")], { cwd: repo.dir, env, encoding: "utf8" });

  it("fails on a breaking change since main's baseline and passes a compatible one", () => {
    const { repo } = mainWithHistory();
    const ok = run(repo);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/No breaking change/);

    repo.commit("c4", { [PROTO]: BROKEN });
    const broken = run(repo);
    expect(broken.status, broken.stdout + broken.stderr).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/deleted/i);
    expect(broken.stderr).toMatch(/breaks compatibility with main before the last change to proto\//);
  });
});
