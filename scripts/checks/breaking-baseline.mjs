// Which committed states of proto/ the working tree must stay compatible with: the decisions of
// scripts/check-breaking.mjs (npm run check:breaking), kept apart so a test can drive them over
// temporary git repositories. See check-breaking.mjs for the policy.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const HOW_TO =
  "Give it a baseline: set BUF_BREAKING_AGAINST to a buf input holding the released contracts " +
  "(e.g. BUF_BREAKING_AGAINST='.git#ref=<commit or tag>', or a directory with buf.yaml and proto/), " +
  "or give this clone the history it needs: git fetch --unshallow --tags origin (on a branch, " +
  "origin/main too); in CI, a full-depth checkout (e.g. fetch-depth: 0).";

export class NoBaselineError extends Error {
  constructor(reason) {
    super(`buf breaking: no baseline to compare proto/ with: ${reason}\n${HOW_TO}`);
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
 * The baselines the working tree at `cwd` must be compatible with: [{ against, commit?, why }].
 * `against` is a commit id (or, from BUF_BREAKING_AGAINST, a buf input used as given).
 * Throws NoBaselineError when none can be found. `log` receives what it does to the clone.
 */
export function findBaselines({ cwd = process.cwd(), env = process.env, log = () => {} } = {}) {
  if (env.BUF_BREAKING_AGAINST) {
    return [{ against: env.BUF_BREAKING_AGAINST, why: "BUF_BREAKING_AGAINST" }];
  }
  const top = gitIn(cwd, env)(["rev-parse", "--show-toplevel"], { allowFail: true });
  if (top === undefined) throw new NoBaselineError("this is not a git checkout");
  const git = gitIn(top, env); // every path below (proto, the shallow file) is relative to the top
  const head = git(["rev-parse", "--verify", "-q", "HEAD^{commit}"], { allowFail: true });
  if (!head) throw new NoBaselineError("the repository has no commit yet");
  const sha = (ref) => git(["rev-parse", "--verify", "-q", `${ref}^{commit}`], { allowFail: true });
  const hasProto = (commit) => git(["ls-tree", "-d", "--name-only", commit, "proto"], { allowFail: true }) === "proto";
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

  let mainRef = ["refs/remotes/origin/main", "refs/heads/main"].find((r) => sha(r));
  if (!mainRef && remote) {
    log(`no main branch here: fetching main from ${remote}`);
    git(["fetch", "--quiet", remote, `+refs/heads/main:refs/remotes/${remote}/main`], { allowFail: true, timeout: 180_000 });
    mainRef = sha(`refs/remotes/${remote}/main`) ? `refs/remotes/${remote}/main` : undefined;
  }
  const shortRef = (r) => r.replace(/^refs\/(heads|remotes)\//, "");

  const baselines = [];
  const dirty = git(["status", "--porcelain", "--", "proto"]);
  if (dirty) baselines.push({ against: head, commit: head, why: "HEAD (uncommitted changes under proto/)" });

  let onMain = true;
  if (mainRef) {
    const base = git(["merge-base", "HEAD", mainRef], { allowFail: true });
    if (!base) {
      throw new NoBaselineError(`HEAD and ${shortRef(mainRef)} share no history here${isShallow() ? " (shallow clone)" : ""}`);
    }
    if (base !== head) {
      onMain = false;
      if (!hasProto(base)) throw new NoBaselineError(`the merge-base with ${shortRef(mainRef)} (${subject(base)}) has no proto/`);
      baselines.push({ against: base, commit: base, why: `merge-base of HEAD and ${shortRef(mainRef)}: ${subject(base)}` });
    }
  } else {
    log("no main or origin/main: following HEAD's own history as main's");
  }

  if (onMain) {
    // commits whose parents a shallow clone lacks: they look as if they introduced every file
    const shallowFile = resolve(top, git(["rev-parse", "--git-path", "shallow"]));
    const shallowBoundaries = new Set(existsSync(shallowFile) ? readFileSync(shallowFile, "utf8").split("\n").filter(Boolean) : []);
    baselines.push(mainBaseline({ git, head, sha, hasProto, subject, shallowBoundaries }));
  }

  // one comparison per distinct commit
  const seen = new Set();
  return baselines.filter((b) => (seen.has(b.against) ? false : seen.add(b.against)));
}

function mainBaseline({ git, head, sha, hasProto, subject, shallowBoundaries }) {
  const describe = (rev) =>
    git(["describe", "--tags", "--abbrev=0", "--match", "v*", rev], { allowFail: true });
  let tag = describe("HEAD");
  // HEAD is the release itself: it must be compatible with the release before it
  if (tag && sha(tag) === head) tag = sha("HEAD^") ? describe("HEAD^") : undefined;
  if (tag && hasProto(tag)) {
    return { against: sha(tag), commit: sha(tag), why: `last release tag ${tag}` };
  }

  const last = git(["log", "-1", "--first-parent", "--format=%H", "HEAD", "--", "proto"], { allowFail: true });
  if (!last) throw new NoBaselineError("HEAD has no proto/ history");
  if (shallowBoundaries.has(last)) {
    throw new NoBaselineError(
      `the clone is shallow: its history stops at ${subject(last)}, so the state of proto/ before its last change is not here`,
    );
  }
  const parent = sha(`${last}^1`);
  if (parent && hasProto(parent)) {
    return { against: parent, commit: parent, why: `main before the last change to proto/ (${subject(last)})` };
  }
  return { against: last, commit: last, why: `proto/ has not changed since it was introduced (${subject(last)})` };
}

