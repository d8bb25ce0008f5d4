// npm run check:graphql — tells who a change to a BFF's GraphQL schema breaks, and fails unless
// the break was meant.
//
// For each BFF, its schema.graphql in the working tree is compared (@graphql-inspector/core's diff)
// with the same file at the baseline that check:breaking would choose for it, the file itself being
// the watched path (scripts/checks/breaking-baseline.mjs): on a branch, the merge-base with
// origin/main (else main); on main, the last v* tag, else main just before the latest change to that
// schema.graphql; uncommitted changes to it also against HEAD; GRAPHQL_BREAKING_AGAINST=<commit or
// tag> replaces the search. A shallow clone is deepened first. No baseline: the check fails and says
// how to give one. A BFF whose schema did not exist at the baseline has nothing to be compatible
// with; it is reported as such.
//
//   - BREAKING changes fail, unless each is listed, with a reason, in the BFF's reviewed allow-list
//     (bff-web/schema-changes.json, bff-mobile/schema-changes.json):
//       { "intended": [{ "path": "Query.products.before", "type": "FIELD_ARGUMENT_REMOVED", "reason": "…" }] }
//     matched exactly on type and path (the path as this check prints it: graphql-inspector's,
//     with the member appended where inspector names only the container, e.g.
//     "PlaceOrderResult.OrderPlaced" for a union member, so one entry approves one change).
//     An entry that is malformed, has an unknown type or no reason fails the check.
//   - For bff-mobile, a breaking change is allowed only if the released app versions that are still
//     supported keep working: `npm run operations:check -w bff-mobile` runs whenever the mobile
//     schema has a breaking change, and its failure fails this check. Until bff-mobile has that
//     script, the check says so and the allow-list alone decides.
//   - DANGEROUS changes are printed, NON_BREAKING ones counted by type; neither fails.
//   - Entries that match no breaking change are reported as stale, as a warning: the same committed
//     file is read against different baselines (main's, a branch's merge-base, a release tag), so an
//     entry main still needs matches nothing on every branch that leaves the schema alone. Stale on
//     main means no baseline needs it any more: remove it then.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ChangeType, CriticalityLevel, diff } from "@graphql-inspector/core";
// graphql is @graphql-inspector/core's peer dependency: the schemas must come from the instance it uses
import { buildSchema } from "graphql";
import { findBaselines, gitIn, NoBaselineError } from "./breaking-baseline.mjs";

export const BFFS = [
  { name: "bff-web", schema: "bff-web/schema.graphql", allowList: "bff-web/schema-changes.json" },
  {
    name: "bff-mobile",
    schema: "bff-mobile/schema.graphql",
    allowList: "bff-mobile/schema-changes.json",
    clientsCheck: { workspace: "bff-mobile", script: "operations:check", schema: "bff-mobile/schema.graphql", what: "the operations of every supported app version" },
  },
];

/** The baseline rules of check:breaking, watching one schema file. */
export function graphqlWatch(schemaPath) {
  return {
    tool: "check:graphql",
    name: schemaPath,
    paths: [schemaPath],
    override: { variable: "GRAPHQL_BREAKING_AGAINST", isGitRef: true },
    absentAtMergeBase: "allow",
    howTo:
      "Give it a baseline: set GRAPHQL_BREAKING_AGAINST to the commit or tag whose schemas the clients " +
      "were built against (e.g. GRAPHQL_BREAKING_AGAINST=v1.2.0), or give this clone the history it " +
      "needs: git fetch --unshallow --tags origin (on a branch, origin/main too); in CI, a full-depth " +
      "checkout (e.g. fetch-depth: 0).",
  };
}

const CHANGE_TYPES = new Set(Object.values(ChangeType));
const ENTRY_KEYS = ["path", "type", "reason"];

/** Where a change is, as allow-list entries name it: one path per change of a given type. */
export function changePath(change) {
  const { meta = {}, path } = change;
  const member = {
    [ChangeType.UnionMemberAdded]: meta.addedUnionMemberTypeName,
    [ChangeType.UnionMemberRemoved]: meta.removedUnionMemberTypeName,
    [ChangeType.ObjectTypeInterfaceAdded]: meta.addedInterfaceName,
    [ChangeType.ObjectTypeInterfaceRemoved]: meta.removedInterfaceName,
    [ChangeType.DirectiveLocationAdded]: meta.addedDirectiveLocation,
    [ChangeType.DirectiveLocationRemoved]: meta.removedDirectiveLocation,
  }[change.type];
  if (path && member) return `${path}.${member}`;
  return path ?? "schema";
}

/** The changes from one SDL to another: [{ level, type, path, message, why? }]. */
export async function schemaChanges(oldSdl, newSdl) {
  const changes = await diff(buildSchema(oldSdl), buildSchema(newSdl));
  return changes.map((c) => ({
    level: c.criticality.level,
    type: c.type,
    path: changePath(c),
    message: c.message,
    ...(c.criticality.reason ? { why: c.criticality.reason } : {}),
  }));
}

const keyOf = ({ type, path }) => `${type} ${path}`;

/**
 * A BFF's allow-list from its text (undefined: no file, nothing allowed):
 * { entries: [{ path, type, reason }] (the valid ones), errors: [string] }.
 */
export function parseAllowList(text, file) {
  if (text === undefined) return { entries: [], errors: [] };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { entries: [], errors: [`${file}: not valid JSON (${error.message})`] };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || !Array.isArray(doc.intended)) {
    return { entries: [], errors: [`${file}: expected an object { "intended": [ { "path", "type", "reason" }, … ] }`] };
  }
  const errors = [];
  const extra = Object.keys(doc).filter((k) => k !== "intended" && k !== "$comment");
  if (extra.length) errors.push(`${file}: unknown top-level key(s) ${extra.join(", ")} (only "intended" and "$comment")`);
  const entries = [];
  const seen = new Set();
  doc.intended.forEach((entry, i) => {
    const at = `${file}: intended[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      errors.push(`${at}: not an object { "path", "type", "reason" }`);
      return;
    }
    const label = `${at} (${entry.type ?? "?"} ${entry.path ?? "?"})`;
    const problems = [];
    const unknown = Object.keys(entry).filter((k) => !ENTRY_KEYS.includes(k));
    if (unknown.length) problems.push(`unknown key(s) ${unknown.join(", ")}`);
    if (typeof entry.path !== "string" || !entry.path.trim()) problems.push(`no "path"`);
    if (typeof entry.type !== "string" || !CHANGE_TYPES.has(entry.type)) {
      problems.push(`"type" must be one of graphql-inspector's change types (e.g. FIELD_REMOVED), got ${JSON.stringify(entry.type)}`);
    }
    if (typeof entry.reason !== "string" || !entry.reason.trim()) {
      problems.push(`no "reason": say why this break is acceptable (which clients use it, and why they are fine)`);
    }
    if (problems.length) {
      errors.push(`${label}: ${problems.join("; ")}`);
      return;
    }
    if (seen.has(keyOf(entry))) {
      errors.push(`${label}: listed twice`);
      return;
    }
    seen.add(keyOf(entry));
    entries.push({ path: entry.path, type: entry.type, reason: entry.reason.trim() });
  });
  return { entries, errors };
}

/**
 * The verdict over one BFF's comparisons ([{ baseline, changes }]) and its allow-list: per comparison
 * the intended (listed) and unlisted breaking changes, the dangerous and the non-breaking ones; the
 * stale entries; ok unless an unlisted breaking change or an allow-list error.
 */
export function judge(comparisons, allowList) {
  const byKey = new Map(allowList.entries.map((e) => [keyOf(e), e]));
  const used = new Set();
  const results = comparisons.map(({ baseline, changes }) => {
    const r = { baseline, intended: [], unlisted: [], dangerous: [], nonBreaking: [] };
    for (const change of changes) {
      if (change.level === CriticalityLevel.Breaking) {
        const entry = byKey.get(keyOf(change));
        if (entry) {
          used.add(entry);
          r.intended.push({ change, entry });
        } else {
          r.unlisted.push(change);
        }
      } else if (change.level === CriticalityLevel.Dangerous) {
        r.dangerous.push(change);
      } else {
        r.nonBreaking.push(change);
      }
    }
    return r;
  });
  const stale = allowList.entries.filter((e) => !used.has(e));
  const breaking = results.reduce((n, r) => n + r.intended.length + r.unlisted.length, 0);
  const ok = allowList.errors.length === 0 && results.every((r) => r.unlisted.length === 0);
  return { comparisons: results, stale, errors: allowList.errors, breaking, ok };
}

/** Runs `npm run <script> -w <workspace>` in `top` when the workspace has that script. */
export function runClientsCheck({ top, env, check }) {
  const manifest = join(top, check.workspace, "package.json");
  const scripts = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")).scripts ?? {}) : {};
  if (!scripts[check.script]) return { ran: false };
  const args = ["run", check.script, "-w", check.workspace, "--", "--schema", join(top, check.schema)];
  const r = spawnSync("npm", args, { cwd: top, env, stdio: "inherit" });
  return { ran: true, ok: r.status === 0 };
}

const short = (b) => (b.commit ? b.commit.slice(0, 12) : b.against);
const countByType = (changes) =>
  [...changes.reduce((m, c) => m.set(c.type, (m.get(c.type) ?? 0) + 1), new Map())].map(([t, n]) => `${t} ${n}`).join(", ");

/** One BFF: read, compare with each baseline, judge, print; true when it passes. */
async function checkBff({ bff, top, env, out, err, clientsCheck }) {
  const git = gitIn(top, env);
  const tag = `check:graphql: ${bff.name}`;
  const schemaFile = join(top, bff.schema);
  if (!existsSync(schemaFile)) {
    err(`${tag}: ${bff.schema} is missing (it is the BFF's printed schema, committed)`);
    return false;
  }
  const newSdl = readFileSync(schemaFile, "utf8");
  const allowFile = join(top, bff.allowList);
  const allowList = parseAllowList(existsSync(allowFile) ? readFileSync(allowFile, "utf8") : undefined, bff.allowList);

  let baselines;
  try {
    baselines = findBaselines({ cwd: top, env, log: (m) => out(`${tag}: ${m}`), watch: graphqlWatch(bff.schema) });
  } catch (error) {
    err(error instanceof NoBaselineError ? error.message : String(error));
    return false;
  }

  const comparisons = [];
  for (const b of baselines) {
    if (git(["cat-file", "-e", `${b.commit}:${bff.schema}`], { allowFail: true }) === undefined) {
      out(`${tag}: ${bff.schema} did not exist at ${short(b)} (${b.why}): no earlier schema for clients to depend on, nothing to compare`);
      continue;
    }
    const show = spawnSync("git", ["show", `${b.commit}:${bff.schema}`], { cwd: top, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (show.status !== 0) {
      err(`${tag}: cannot read ${bff.schema} at ${short(b)}: ${show.stderr.trim()}`);
      return false;
    }
    try {
      comparisons.push({ baseline: b, changes: await schemaChanges(show.stdout, newSdl) });
    } catch (error) {
      err(`${tag}: cannot compare ${bff.schema} with ${short(b)}: ${error.message}`);
      return false;
    }
  }

  const verdict = judge(comparisons, allowList);
  for (const r of verdict.comparisons) {
    out(`${tag}: ${bff.schema} against ${short(r.baseline)}, ${r.baseline.why}`);
    let lastReason;
    for (const { change, entry } of r.intended) {
      out(`  BREAKING, intended: ${change.type} ${change.path}: ${change.message}`);
      if (entry.reason !== lastReason) out(`    reason (${bff.allowList}): ${entry.reason}`);
      lastReason = entry.reason;
    }
    for (const change of r.unlisted) out(`  BREAKING: ${change.type} ${change.path}: ${change.message}`);
    for (const change of r.dangerous) {
      out(`  DANGEROUS: ${change.type} ${change.path}: ${change.message}`);
      if (change.why) out(`    ${change.why}`);
    }
    if (r.intended.length + r.unlisted.length + r.dangerous.length + r.nonBreaking.length === 0) out("  no change");
    else out(`  non-breaking: ${r.nonBreaking.length ? `${r.nonBreaking.length} (${countByType(r.nonBreaking)})` : "none"}`);
  }
  const onBranch = baselines.some((b) => b.kind === "merge-base" || b.kind === "override");
  for (const entry of verdict.stale) {
    out(
      `${tag}: warning: stale allow-list entry ${entry.type} ${entry.path} in ${bff.allowList}: it matches no breaking change here. ` +
        (onBranch
          ? "Against a branch's merge-base (or an override) that is expected for entries main still needs; remove it once the check on main reports it stale."
          : "No baseline of main needs it any more: remove it."),
    );
  }

  let ok = verdict.ok;
  for (const e of verdict.errors) err(`${tag}: ${e}`);
  const unlisted = verdict.comparisons.flatMap((r) => r.unlisted);
  if (unlisted.length) {
    err(`${tag}: ${unlisted.length} breaking change(s) not listed as intended in ${bff.allowList}:`);
    for (const c of unlisted) err(`  ${c.type} ${c.path}: ${c.message}`);
    err(
      `Clients built against the baseline's schema would break. Keep the schema compatible (deprecate, add beside), ` +
        `or, if the break is meant, add to "intended" in ${bff.allowList} (README: Evolving the GraphQL APIs):`,
    );
    const seen = new Set();
    for (const c of unlisted) {
      if (seen.has(keyOf(c))) continue;
      seen.add(keyOf(c));
      err(`  ${JSON.stringify({ path: c.path, type: c.type, reason: "<which clients use it, and why breaking them is acceptable>" })}`);
    }
  }

  if (bff.clientsCheck && verdict.breaking > 0) {
    const { workspace, script, what } = bff.clientsCheck;
    const command = `npm run ${script} -w ${workspace}`;
    out(`${tag}: breaking change(s) to the ${bff.name} schema: checking ${what} (${command})`);
    const r = clientsCheck({ top, env, check: bff.clientsCheck });
    if (!r.ran) {
      err(
        `${tag}: ${workspace} has no "${script}" script, so which app versions these breaking changes affect ` +
          `cannot be checked; restore the script (it decides whether a breaking change to ${bff.name} is allowed).`,
      );
      ok = false;
    } else if (r.ok) {
      out(`${tag}: ${command} passed: ${what} still work against this schema.`);
    } else {
      err(
        `${tag}: a breaking change to the ${bff.name} schema is allowed only while ${what} still work against it, ` +
          `and ${command} failed (above): keep the schema compatible with those app versions, or retire them first.`,
      );
      ok = false;
    }
  }
  return ok;
}

/** The whole check over `bffs` at `cwd`'s repository; resolves to true when every BFF passes. */
export async function checkGraphql({
  cwd = process.cwd(),
  env = process.env,
  bffs = BFFS,
  out = (line) => console.log(line),
  err = (line) => console.error(line),
  clientsCheck = runClientsCheck,
} = {}) {
  const top = gitIn(cwd, env)(["rev-parse", "--show-toplevel"], { allowFail: true }) ?? cwd;
  let ok = true;
  for (const bff of bffs) {
    if (!(await checkBff({ bff, top, env, out, err, clientsCheck }))) ok = false;
  }
  out(ok ? "check:graphql: no unintended breaking change to the GraphQL schemas." : "check:graphql: failed (above).");
  return ok;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  checkGraphql().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
