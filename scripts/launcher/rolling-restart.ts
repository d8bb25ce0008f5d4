import type { RunningSystem } from "./launch-system.js";
import { SERVICE_NAMES } from "./system-processes.js";

/** What one step of a rolling restart took. */
export interface RestartStep {
  readonly instance: string;
  /** From SIGTERM to exit: the drain. */
  readonly drainMs: number;
  /** From start to SERVING. */
  readonly startMs: number;
}

/**
 * Restarts service instances one at a time, the way a deployment rolls: SIGTERM (the instance
 * reports NOT_SERVING, drains and exits), start it again on the same port, wait until it serves,
 * then `settleMs` more so that every caller has reconnected to it (clients retry a lost address
 * within 1 s) before the next one goes. Every service restarted must have at least two instances:
 * restarting the only one is an outage, not a rolling restart.
 */
export async function rollingRestart(
  system: RunningSystem,
  options: { readonly instances?: readonly string[]; readonly settleMs?: number; readonly onStep?: (step: RestartStep) => void } = {},
): Promise<RestartStep[]> {
  const all = system.instances().filter((i) => (SERVICE_NAMES as readonly string[]).includes(i.name));
  const chosen = options.instances ?? all.map((i) => i.instance);
  for (const instance of chosen) {
    const info = all.find((i) => i.instance === instance);
    if (!info) throw new Error(`rolling restart: "${instance}" is not a service instance (known: ${all.map((i) => i.instance).join(", ")})`);
    if (all.filter((i) => i.name === info.name).length < 2) {
      throw new Error(`rolling restart: ${info.name} has a single instance; restarting it would be an outage (start it with --replicas ${info.name}=2 or more)`);
    }
  }
  const steps: RestartStep[] = [];
  for (const instance of chosen) {
    const stopping = performance.now();
    await system.stopInstance(instance);
    const starting = performance.now();
    await system.startInstance(instance);
    const step = { instance, drainMs: Math.round(starting - stopping), startMs: Math.round(performance.now() - starting) };
    steps.push(step);
    options.onStep?.(step);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 1_500));
  }
  return steps;
}
