import { spawnSync } from "node:child_process";

/**
 * Prometheus's own rule checker and rule unit tester, where installed (Debian: the `prometheus`
 * package ships `promtool`). The tests that need it skip with the reason elsewhere, like the
 * kubectl ones.
 */

/** Why `promtool` cannot run here, or undefined when it can. */
export function promtoolUnavailableReason(): string | undefined {
  const probe = spawnSync("promtool", ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (probe.error !== undefined) return `promtool is not installed or not on PATH (${probe.error.message})`;
  if (probe.status !== 0) return `\`promtool --version\` exited ${probe.status}: ${probe.stderr.trim()}`;
  return undefined;
}

/** Runs `promtool <args>` in `cwd`; its exit code and everything it printed. */
export function promtool(args: readonly string[], cwd: string): { status: number | null; output: string } {
  const run = spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (run.error !== undefined) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
