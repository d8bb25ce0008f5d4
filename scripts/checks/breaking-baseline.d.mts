/** What part of the repository a breaking-change check watches, and how it names it. */
export interface Watch {
  /** The check's name, first in every message (e.g. "buf breaking"). */
  tool: string;
  /** What is watched, for messages (e.g. "proto/", "bff-web/schema.graphql"). */
  name: string;
  /** Paths relative to the repository's top whose history decides the baseline. */
  paths: string[];
  /** The environment variable that replaces the search; `isGitRef`: resolved to a commit here, else used as given. */
  override: { variable: string; isGitRef: boolean };
  /** A branch whose merge-base with main lacks every watched path: "fail" (no baseline), or "allow" it as the baseline. */
  absentAtMergeBase: "fail" | "allow";
  /** How to give the check a baseline, appended to NoBaselineError's message. */
  howTo: string;
}

export const PROTO_WATCH: Watch;

export class NoBaselineError extends Error {
  constructor(reason: string, watch?: Watch);
}

export interface Baseline {
  /** A commit id, or (from an override that is no git ref, e.g. BUF_BREAKING_AGAINST) the value as given. */
  against: string;
  /** The commit whose watched paths are the baseline (absent for such an override). */
  commit?: string;
  /** Why this baseline, for the log. */
  why: string;
  /** How it was found. */
  kind: "override" | "uncommitted" | "merge-base" | "tag" | "main-history";
}

export function findBaselines(options?: {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  watch?: Watch;
}): Baseline[];

export function gitIn(
  cwd: string,
  env: NodeJS.ProcessEnv,
): (args: string[], options?: { allowFail?: boolean; timeout?: number }) => string | undefined;
