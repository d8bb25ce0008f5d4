export class NoBaselineError extends Error {}

export interface Baseline {
  /** A commit id, or (from BUF_BREAKING_AGAINST) a buf input used as given. */
  against: string;
  /** The commit whose proto/ and buf.yaml are the baseline (absent for BUF_BREAKING_AGAINST). */
  commit?: string;
  /** Why this baseline, for the log. */
  why: string;
}

export function findBaselines(options?: {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}): Baseline[];

export function gitIn(
  cwd: string,
  env: NodeJS.ProcessEnv,
): (args: string[], options?: { allowFail?: boolean; timeout?: number }) => string | undefined;
