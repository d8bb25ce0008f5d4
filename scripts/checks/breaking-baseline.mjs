// Which committed states of a watched part of the repository (proto/ for buf breaking, one
// schema.graphql for each GraphQL BFF) the working tree must stay compatible with: the decisions
// of scripts/check-breaking.mjs (npm run check:breaking) and scripts/checks/graphql-breaking.mjs
// (npm run check:graphql), kept apart so a test can drive them over temporary git repositories.
// See check-breaking.mjs for the policy; every watch follows the same rules, with the watched
// paths standing for proto/.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

/** What check:breaking watches: proto/; BUF_BREAKING_AGAINST is a buf input used as given. */
export const PROTO_WATCH = {
  tool: "buf breaking",
  name: "proto/",
  paths: ["proto"],
  override: { variable: "BUF_BREAKING_AGAINST", isGitRef: false },
  absentAtMergeBase: "fail",
  howTo:
    "Give it a baseline: set BUF_BREAKING_AGAINST to a buf input holding the released contracts " +
    "(e.g. BUF_BREAKING_AGAINST='.git#ref=<commit or tag>', or a directory with buf.yaml and proto/), " +
    "or give this clone the history it needs: git fetch --unshallow --tags origin (on a branch, " +
    "origin/main too); in CI, a full-depth checkout (e.g. fetch-depth: 0).",
};

export class NoBaselineError extends Error {
  constructor(reason, watch = PROTO_WATCH) {
    super(`${watch.tool}: no baseline to compare ${watch.name} with: ${reason}\n${watch.howTo}`);
    this.name = "NoBaselineError";
  }
}

/** Runs git in `cwd`; returns trimmed stdout, or undefined when `allowFail` and git fails. */
export function gitIn(cwd, env) {
  return (args, { allowFail = false, timeout } = {}) => {
    const r = spawnSync("git", args, {
      cwd,
      encoding: "utf8",
      env: { ...env, GIT_TERMINAL_PROMPT: "0" },
      timeout,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (r.status === 0) return r.stdout.trim();
    if (allowFail) return undefined;
    throw new Error(`git ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim()}`);
  };
}

/**
 * The baselines the working tree at `cwd` must be compatible with, for the paths of `watch`
 * (default: proto/): [{ against, commit?, why, kind }]. `against` is a commit id (or, from an
 * override that is no git ref such as BUF_BREAKING_AGAINST, the value as given); `kind` is one of
 * "override", "uncommitted", "merge-base", "tag", "main-history".
 * Throws NoBaselineError when none can be found. `log` receives what it does to the clone.
 *
 * A watch: { tool, name, paths, override: { variable, isGitRef }, absentAtMergeBase, howTo }.
 * `absentAtMergeBase`: "fail" (a branch whose merge-base lacks every watched path has no baseline)
 * or "allow" (that merge-base is the baseline; the caller finds nothing there to compare with).
 */
export function findBaselines({ cwd = process.cwd(), env = process.env, log = () => {}, watch = PROTO_WATCH } = {}) {
  const overrideValue = env[watch.override.variable];
  if (overrideValue && !watch.override.isGitRef) {
    return [{ against: overrideValue, why: watch.override.variable, kind: "override" }];
  }
  const noBaseline = (reason) => new NoBaselineError(reason, watch);
  const top = gitIn(cwd, env)(["rev-parse", "--show-toplevel"], { allowFail: true });
  if (top === undefined) throw noBaseline("this is not a git checkout");
  const git = gitIn(top, env); // every path below (the watched ones, the shallow file) is relative to the top
  const head = git(["rev-parse", "--verify", "-q", "HEAD^{commit}"], { allowFail: true });
  if (!head) throw noBaseline("the repository has no commit yet");
  const sha = (ref) => git(["rev-parse", "--verify", "-q", `${ref}^{commit}`], { allowFail: true });
  const has = (commit) => Boolean(git(["ls-tree", "--name-only", commit, "--", ...watch.paths], { allowFail: true }));
  const subject = (commit) => git(["log", "-1", "--format=%h %s", commit]);

  const remotes = (git(["remote"], { allowFail: true }) ?? "").split("\n").filter(Boolean);
  const remote = remotes.includes("origin") ? "origin" : remotes.length === 1 ? remotes[0] : undefined;
  const isShallow = () => git(["rev-parse", "--is-shallow-repository"]) === "true";
  if (isShallow()) {
    if (remote) {
      log(`shallow clone: fetching the full history and tags from ${remote}`);
      git(["fetch", "--quiet", "--unshallow", "--tags", remote], { allowFail: true, timeout: 180_000 });
    }
    if (isShallow()) log("the clone is still shallow (no remote to deepen it from, or the fetch failed)");
  }

  if (overrideValue) {
    const commit = sha(overrideValue);
    if (!commit) throw noBaseline(`${watch.override.variable}=${overrideValue} names no commit here`);
    return [{ against: commit, commit, why: `${watch.override.variable}=${overrideValue}`, kind: "override" }];
  }

  let mainRef = ["refs/remotes/origin/main", "refs/heads/main"].find((r) => sha(r));
  if (!mainRef && remote) {
    log(`no main branch here: fetching main from ${remote}`);
    git(["fetch", "--quiet", remote, `+refs/heads/main:refs/remotes/${remote}/main`], { allowFail: true, timeout: 180_000 });
    mainRef = sha(`refs/remotes/${remote}/main`) ? `refs/remotes/${remote}/main` : undefined;
  }
  const shortRef = (r) => r.replace(/^refs\/(heads|remotes)\//, "");

  const baselines = [];
  const dirty = git(["status", "--porcelain", "--", ...watch.paths]);
  if (dirty) {
    const where = watch.name.endsWith("/") ? `under ${watch.name}` : `to ${watch.name}`;
    baselines.push({ against: head, commit: head, why: `HEAD (uncommitted changes ${where})`, kind: "uncommitted" });
  }

  let onMain = true;
  if (mainRef) {
    const base = git(["merge-base", "HEAD", mainRef], { allowFail: true });
    if (!base) {
      throw noBaseline(`HEAD and ${shortRef(mainRef)} share no history here${isShallow() ? " (shallow clone)" : ""}`);
    }
    if (base !== head) {
      onMain = false;
      if (!has(base) && watch.absentAtMergeBase !== "allow") {
        throw noBaseline(`the merge-base with ${shortRef(mainRef)} (${subject(base)}) has no ${watch.name}`);
      }
      baselines.push({ against: base, commit: base, why: `merge-base of HEAD and ${shortRef(mainRef)}: ${subject(base)}`, kind: "merge-base" });
    }
  } else {
    log("no main or origin/main: following HEAD's own history as main's");
  }

  if (onMain) {
    // commits whose parents a shallow clone lacks: they look as if they introduced every file
    const shallowFile = resolve(top, git(["rev-parse", "--git-path", "shallow"]));
    const shallowBoundaries = new Set(existsSync(shallowFile) ? readFileSync(shallowFile, "utf8").split("\n").filter(Boolean) : []);
    baselines.push(mainBaseline({ git, head, sha, has, subject, shallowBoundaries, watch, noBaseline }));
  }

  // one comparison per distinct commit
  const seen = new Set();
  return baselines.filter((b) => (seen.has(b.against) ? false : seen.add(b.against)));
}

function mainBaseline({ git, head, sha, has, subject, shallowBoundaries, watch, noBaseline }) {
  const describe = (rev) =>
    git(["describe", "--tags", "--abbrev=0", "--match", "v*", rev], { allowFail: true });
  let tag = describe("HEAD");
  // HEAD is the release itself: it must be compatible with the release before it
  if (tag && sha(tag) === head) tag = sha("HEAD^") ? describe("HEAD^") : undefined;
  if (tag && has(tag)) {
    return { against: sha(tag), commit: sha(tag), why: `last release tag ${tag}`, kind: "tag" };
  }

  const last = git(["log", "-1", "--first-parent", "--format=%H", "HEAD", "--", ...watch.paths], { allowFail: true });
  if (!last) throw noBaseline(`HEAD has no ${watch.name} history`);
  if (shallowBoundaries.has(last)) {
    throw noBaseline(
      `the clone is shallow: its history stops at ${subject(last)}, so the state of ${watch.name} before its last change is not here`,
    );
  }
  const parent = sha(`${last}^1`);
  if (parent && has(parent)) {
    return { against: parent, commit: parent, why: `main before the last change to ${watch.name} (${subject(last)})`, kind: "main-history" };
  }
  return { against: last, commit: last, why: `${watch.name} has not changed since it was introduced (${subject(last)})`, kind: "main-history" };
}
