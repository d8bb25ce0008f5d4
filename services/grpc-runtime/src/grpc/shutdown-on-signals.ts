import type { Logger } from "pino";

/**
 * On the first SIGTERM or SIGINT runs `stop` (e.g. `server.shutdown`) and exits 0 when it is
 * done (1 when it throws). A second signal exits at once.
 */
export function shutdownOnSignals(stop: () => Promise<void>, logger?: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger?.warn({ signal }, "second signal; exiting now");
      process.exit(1);
    }
    stopping = true;
    logger?.info({ signal }, "shutting down");
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger?.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
