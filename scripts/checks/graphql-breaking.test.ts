// `npm run check:graphql`: the gate over fixture SDL (what fails, what is allowed, what is only
// printed), then whole runs over small temporary git repositories (the baseline is check:breaking's,
// watching each schema.graphql; a schema new since the baseline; no baseline; the mobile clients check).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gitTestEnv } from "./git-test-env.js";
import type { Baseline } from "./breaking-baseline.mjs";
import { checkGraphql, judge, parseAllowList, schemaChanges, type ClientsCheck } from "./graphql-breaking.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const env = gitTestEnv("GRAPHQL_BREAKING_AGAINST");

/** A web-like schema: Relay-ish products, a viewer with orders, an enum. */
const web = ({ productsArgs = "first: Int, after: String, category: String", statuses = "PENDING SHIPPED", userFields = "" } = {}) => `
type Query {
  products(${productsArgs}): ProductConnection
  viewer: User
}
type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! }
type ProductEdge { cursor: String! node: Product! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type Product { id: ID! name: String! }
enum OrderStatus { ${statuses} }
type Order { id: ID! status: OrderStatus! }
type User { id: ID! orders(first: Int, after: String, status: [OrderStatus!]): [Order!]! ${userFields} }
`;
const WEB = web();
const RENAMED_ARG = web({ productsArgs: "first: Int, cursor: String, category: String" }); // after -> cursor
const FIELD_ADDED = web({ userFields: "displayName: String" });
const ENUM_VALUE_ADDED = web({ statuses: "PENDING SHIPPED RETURNED" });

/** A mobile-like placeOrder result union. */
const mobile = (members: string) => `
type Query { ping: String }
type Order { id: ID! }
type OrderPlaced { order: Order! }
type OutOfStock { productIds: [ID!]! }
type InvalidInput { message: String! }
union PlaceOrderResult = ${members}
type Mutation { placeOrder: PlaceOrderResult! }
`;
const MOBILE = mobile("OrderPlaced | OutOfStock | InvalidInput");
const MOBILE_BROKEN = mobile("OrderPlaced | InvalidInput"); // OutOfStock leaves the union

const BASELINE: Baseline = { against: "abc", commit: "abc", why: "main before the last change", kind: "main-history" };
const allowList = (...intended: unknown[]) => JSON.stringify({ intended });

async function gate(oldSdl: string, newSdl: string, list?: string) {
  const changes = await schemaChanges(oldSdl, newSdl);
  return judge([{ baseline: BASELINE, changes }], parseAllowList(list, "schema-changes.json"));
}

describe("check:graphql gate (fixture SDL)", () => {
  it("renaming an argument fails and names the change", async () => {
    const v = await gate(WEB, RENAMED_ARG);
    expect(v.ok).toBe(false);
    expect(v.comparisons[0]!.unlisted).toEqual([
      expect.objectContaining({ type: "FIELD_ARGUMENT_REMOVED", path: "Query.products.after", level: "BREAKING" }),
    ]);
    // the new name is an addition, not a break (an optional argument added: only dangerous)
    expect(v.comparisons[0]!.dangerous).toEqual([expect.objectContaining({ type: "FIELD_ARGUMENT_ADDED", path: "Query.products.cursor" })]);
  });

  it("adding a field passes", async () => {
    const v = await gate(WEB, FIELD_ADDED);
    expect(v).toMatchObject({ ok: true, breaking: 0 });
    expect(v.comparisons[0]!.nonBreaking).toEqual([expect.objectContaining({ type: "FIELD_ADDED", path: "User.displayName" })]);
  });

  it("a breaking change listed as intended, with a reason, passes", async () => {
    const list = allowList({ path: "Query.products.after", type: "FIELD_ARGUMENT_REMOVED", reason: "no client pages with after yet" });
    const v = await gate(WEB, RENAMED_ARG, list);
    expect(v).toMatchObject({ ok: true, breaking: 1, stale: [], errors: [] });
    expect(v.comparisons[0]!.intended[0]!.entry.reason).toBe("no client pages with after yet");
  });

  it("an allow-list entry without a reason fails, even for a change it names", async () => {
    for (const reason of [undefined, "", "   "]) {
      const v = await gate(WEB, RENAMED_ARG, allowList({ path: "Query.products.after", type: "FIELD_ARGUMENT_REMOVED", reason }));
      expect(v.ok).toBe(false);
      expect(v.errors).toEqual([expect.stringMatching(/intended\[0\] \(FIELD_ARGUMENT_REMOVED Query\.products\.after\): no "reason"/)]);
      expect(v.comparisons[0]!.unlisted).toHaveLength(1);
    }
  });

  it("matches type and path exactly; a misspelt type or an unknown key is an error, not a silent miss", async () => {
    const wrongPath = await gate(WEB, RENAMED_ARG, allowList({ path: "Query.products", type: "FIELD_ARGUMENT_REMOVED", reason: "r" }));
    expect(wrongPath.ok).toBe(false);
    const wrongType = await gate(WEB, RENAMED_ARG, allowList({ path: "Query.products.after", type: "ARGUMENT_REMOVED", reason: "r" }));
    expect(wrongType.errors).toEqual([expect.stringMatching(/"type" must be one of graphql-inspector's change types/)]);
    const typo = await gate(WEB, RENAMED_ARG, allowList({ path: "Query.products.after", type: "FIELD_ARGUMENT_REMOVED", reson: "r" }));
    expect(typo.errors).toEqual([expect.stringMatching(/unknown key\(s\) reson; no "reason"/)]);
    expect(parseAllowList("[]", "f.json").errors).toEqual([expect.stringMatching(/expected an object/)]);
    expect(parseAllowList("{", "f.json").errors).toEqual([expect.stringMatching(/not valid JSON/)]);
  });

  it("a union member is its own path: approving one removal does not approve another", async () => {
    const changes = await schemaChanges(MOBILE, MOBILE_BROKEN);
    expect(changes).toEqual([expect.objectContaining({ type: "UNION_MEMBER_REMOVED", path: "PlaceOrderResult.OutOfStock" })]);
    const other = await gate(MOBILE, MOBILE_BROKEN, allowList({ path: "PlaceOrderResult.InvalidInput", type: "UNION_MEMBER_REMOVED", reason: "r" }));
    expect(other.ok).toBe(false);
    expect(other.stale).toEqual([expect.objectContaining({ path: "PlaceOrderResult.InvalidInput" })]);
  });

  it("a dangerous change (an enum value added) is reported and passes", async () => {
    const v = await gate(WEB, ENUM_VALUE_ADDED);
    expect(v).toMatchObject({ ok: true, breaking: 0 });
    expect(v.comparisons[0]!.dangerous).toEqual([
      expect.objectContaining({ type: "ENUM_VALUE_ADDED", path: "OrderStatus.RETURNED", why: expect.stringMatching(/enum value/i) }),
    ]);
  });

  it("a stale entry is reported but does not fail", async () => {
    const v = await gate(WEB, FIELD_ADDED, allowList({ path: "Query.products.after", type: "FIELD_ARGUMENT_REMOVED", reason: "r" }));
    expect(v.ok).toBe(true);
    expect(v.stale).toEqual([expect.objectContaining({ path: "Query.products.after" })]);
  });
});

// ---------------------------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), "check-graphql-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;

class Repo {
  constructor(readonly dir: string) {}
  static init(): Repo {
    const repo = new Repo(join(scratch, `r${++count}`));
    mkdirSync(repo.dir);
    repo.git("init", "-q", "-b", "main");
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
  write(files: Record<string, string>): this {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), text);
    }
    return this;
  }
  commit(subject: string, files: Record<string, string> = { [`notes/${subject}.md`]: subject }): string {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "-m", subject);
    return this.git("rev-parse", "HEAD");
  }
  async check(clientsCheck: ClientsCheck = () => ({ ran: true, ok: true })) {
    const out: string[] = [];
    const err: string[] = [];
    const ok = await checkGraphql({ cwd: this.dir, env, out: (l) => out.push(l), err: (l) => err.push(l), clientsCheck });
    return { ok, out: out.join("\n"), err: err.join("\n") };
  }
  run() {
    return spawnSync(process.execPath, [join(repoRoot, "scripts/checks/graphql-breaking.mjs")], { cwd: this.dir, env, encoding: "utf8" });
  }
}

const WEB_SCHEMA = "bff-web/schema.graphql";
const MOBILE_SCHEMA = "bff-mobile/schema.graphql";

/** main: c1 brings both schemas, c2 something else. */
function mainWithSchemas() {
  const repo = Repo.init();
  const c1 = repo.commit("c1", { [WEB_SCHEMA]: WEB, [MOBILE_SCHEMA]: MOBILE });
  const c2 = repo.commit("c2");
  return { repo, c1, c2 };
}

describe("check:graphql over git history", () => {
  it("fails on an unlisted break since main's baseline, naming it; passes once it is listed with a reason", () => {
    const { repo, c1, c2 } = mainWithSchemas();
    const c3 = repo.commit("c3", { [WEB_SCHEMA]: RENAMED_ARG });
    repo.commit("c4");
    const broken = repo.run();
    expect(broken.status, broken.stdout + broken.stderr).toBe(1);
    // each schema has its own baseline: web main before c3, mobile (never changed) the commit that brought it
    expect(broken.stdout).toContain(`${WEB_SCHEMA} against ${c2.slice(0, 12)}, main before the last change to ${WEB_SCHEMA} (${c3.slice(0, 7)} c3)`);
    expect(broken.stdout).toContain(`${MOBILE_SCHEMA} against ${c1.slice(0, 12)}, ${MOBILE_SCHEMA} has not changed since it was introduced`);
    expect(broken.stderr).toMatch(/bff-web: 1 breaking change\(s\) not listed as intended in bff-web\/schema-changes\.json:\n {2}FIELD_ARGUMENT_REMOVED Query\.products\.after/);
    expect(broken.stderr).toContain('{"path":"Query.products.after","type":"FIELD_ARGUMENT_REMOVED","reason":');

    repo.write({ "bff-web/schema-changes.json": allowList({ path: "Query.products.after", type: "FIELD_ARGUMENT_REMOVED", reason: "renamed to cursor; no client uses it" }) });
    const allowed = repo.run();
    expect(allowed.status, allowed.stdout + allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/BREAKING, intended: FIELD_ARGUMENT_REMOVED Query\.products\.after.*\n.*reason \(bff-web\/schema-changes\.json\): renamed to cursor/);
  });

  it("a dangerous change is printed and passes", async () => {
    const { repo } = mainWithSchemas();
    repo.commit("c3", { [WEB_SCHEMA]: ENUM_VALUE_ADDED });
    const r = await repo.check();
    expect(r.ok, r.out + r.err).toBe(true);
    expect(r.out).toMatch(/DANGEROUS: ENUM_VALUE_ADDED OrderStatus\.RETURNED/);
  });

  it("uncommitted schema changes are compared with HEAD as well", async () => {
    const { repo } = mainWithSchemas();
    repo.write({ [WEB_SCHEMA]: RENAMED_ARG });
    const r = await repo.check();
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/against \w+, HEAD \(uncommitted changes to bff-web\/schema\.graphql\)/);
  });

  it("a schema that did not exist at the baseline is reported as such, not compared", async () => {
    const repo = Repo.init();
    repo.commit("c1", { [WEB_SCHEMA]: WEB });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit("f1", { [MOBILE_SCHEMA]: MOBILE });
    const r = await repo.check();
    expect(r.ok, r.out + r.err).toBe(true);
    expect(r.out).toMatch(/bff-mobile: bff-mobile\/schema\.graphql did not exist at \w+ \(merge-base of HEAD and main: \w+ c1\): .*nothing to compare/);
  });

  it("fails without a baseline, saying how to give one; GRAPHQL_BREAKING_AGAINST gives one", async () => {
    const { repo: upstream } = mainWithSchemas();
    const clone = Repo.clone(upstream, "--depth", "1");
    clone.git("remote", "remove", "origin");
    const r = await clone.check();
    expect(r.ok).toBe(false);
    expect(r.err).toMatch(/check:graphql: no baseline to compare bff-web\/schema\.graphql with: the clone is shallow.*\n.*GRAPHQL_BREAKING_AGAINST/);

    const pinned = await checkGraphql({ cwd: upstream.dir, env: { ...env, GRAPHQL_BREAKING_AGAINST: "HEAD~1" }, out: () => {}, err: () => {} });
    expect(pinned).toBe(true);
    const bad = await checkGraphql({ cwd: upstream.dir, env: { ...env, GRAPHQL_BREAKING_AGAINST: "v9" }, out: () => {}, err: () => {} });
    expect(bad).toBe(false);
  });

  describe("bff-mobile: a break needs the supported app versions' operations to pass", () => {
    const brokenMobile = () => {
      const { repo } = mainWithSchemas();
      repo.commit("c3", {
        [MOBILE_SCHEMA]: MOBILE_BROKEN,
        "bff-mobile/schema-changes.json": allowList({ path: "PlaceOrderResult.OutOfStock", type: "UNION_MEMBER_REMOVED", reason: "no released app reads it" }),
      });
      return repo;
    };

    it("fails when the operations check fails, passes when it passes, and is not asked without a break", async () => {
      const repo = brokenMobile();
      const calls: string[] = [];
      const failing = await repo.check(({ check }) => (calls.push(check.script), { ran: true, ok: false }));
      expect(failing.ok).toBe(false);
      expect(failing.err).toMatch(/bff-mobile: a breaking change .* npm run operations:check -w bff-mobile failed/);
      const passing = await repo.check(() => ({ ran: true, ok: true }));
      expect(passing.ok, passing.err).toBe(true);
      expect(calls).toEqual(["operations:check"]);

      const quiet = mainWithSchemas().repo;
      const untouched = await quiet.check(() => {
        throw new Error("asked without a breaking change");
      });
      expect(untouched.ok).toBe(true);
    });

    it("runs `npm run operations:check -w bff-mobile` on the compared schema; fails when the script is missing or fails", async () => {
      const repo = brokenMobile();
      repo.write({ "bff-mobile/package.json": "{}" });
      const noScript = spawnSync(process.execPath, [join(repoRoot, "scripts/checks/graphql-breaking.mjs")], { cwd: repo.dir, env, encoding: "utf8" });
      expect(noScript.status).toBe(1);
      expect(noScript.stderr).toMatch(/bff-mobile has no "operations:check" script/);

      repo.write({
        "package.json": JSON.stringify({ name: "t", private: true, workspaces: ["bff-mobile"] }),
        "bff-mobile/package.json": JSON.stringify({
          name: "t-mobile",
          scripts: { "operations:check": `node -e "console.log('app 1.0 uses PlaceOrderResult.OutOfStock'); process.exit(1)"` },
        }),
      });
      const failing = repo.run();
      expect(failing.status).toBe(1);
      expect(failing.stdout).toContain("app 1.0 uses PlaceOrderResult.OutOfStock");
      expect(failing.stderr).toMatch(/operations:check -w bff-mobile failed/);
    });
  });
});
