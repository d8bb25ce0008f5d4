export interface TreeCheck {
  /** The workspace package's name, e.g. @shop/users. */
  name: string;
  /** Package names it must not have in production. */
  forbidden: RegExp[];
}

export const CHECKS: (TreeCheck & { workspace: string; what: string })[];

/** The forbidden packages of one workspace's `npm ls --json --all` output, with the chain bringing each. */
export function forbiddenIn(tree: unknown, check: TreeCheck): { dep: string; chain: string }[];
