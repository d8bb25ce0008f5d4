import type { Logger } from "pino";
import type { SessionRevocations } from "./session-revocations.js";

/** At most one warning per this many milliseconds while the list keeps failing. */
export const REVOCATION_WARNING_INTERVAL_MS = 60_000;

/**
 * The list made fail-open: when it cannot be read (Redis down or slow), a token counts as not
 * revoked, and when it cannot be written (logout, password change) the revocation is logged and
 * dropped. Why open: the list only shortens what is already short — an ended session's access
 * token would stop working at its `exp` (JWT_TTL_SECONDS, 5 minutes by default) anyway, and its
 * refresh token is refused by the users service, durably. Failing closed would sign every user out
 * of every BFF replica while Redis is away. A warning is logged at most once a minute.
 */
export function failOpenRevocations(list: SessionRevocations, logger: Pick<Logger, "warn">, now: () => number = Date.now): SessionRevocations {
  let lastWarning = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  const warn = (error: unknown, what: string): void => {
    const at = now();
    if (at - lastWarning < REVOCATION_WARNING_INTERVAL_MS) {
      suppressed++;
      return;
    }
    logger.warn(
      { err: error, suppressedSinceLastWarning: suppressed },
      `session revocation list unavailable (${what}); failing open: access tokens of ended sessions stay valid until they expire`,
    );
    lastWarning = at;
    suppressed = 0;
  };
  return {
    async revoke(sessionIds) {
      try {
        await list.revoke(sessionIds);
      } catch (error) {
        warn(error, "revoke");
      }
    },
    async isRevoked(sessionId) {
      try {
        return await list.isRevoked(sessionId);
      } catch (error) {
        warn(error, "lookup");
        return false;
      }
    },
  };
}
