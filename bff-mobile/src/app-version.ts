import { requestIdOf } from "@shop/bff-kit";
import type { Logger } from "@shop/grpc-runtime";
import type { Plugin, YogaInitialContext } from "graphql-yoga";

/** The header in which the app sends its version, e.g. `x-app-version: 1.4.0`. */
export const APP_VERSION_HEADER = "x-app-version";

/** 1 to 32 characters that are safe to log: letters, digits and `.+_-` (e.g. "1.4.0", "1.4.0+512"). */
const SANE_APP_VERSION = /^[0-9A-Za-z.+_-]{1,32}$/;

/** The version a request's header names, or null when absent or not sane (never logged as sent). */
export function appVersionFrom(header: string | null | undefined): string | null {
  return header && SANE_APP_VERSION.test(header) ? header : null;
}

/** At most this many distinct error codes are logged for one request. */
const MAX_LOGGED_CODES = 8;

/**
 * Yoga plugin: the app version of each request (from {@link APP_VERSION_HEADER}) goes into the
 * GraphQL context as `appVersion`, and into the one line logged for a request answered with
 * errors, with its request id and error codes. An unknown hash (PERSISTED_QUERY_NOT_FOUND) is
 * logged at warn, since it usually means an app version whose operations are no longer served;
 * other errors at info (the kit logs the failures themselves).
 */
export function useAppVersion(logger: Logger): Plugin {
  return {
    onContextBuilding({ context, extendContext }) {
      const extension = { appVersion: appVersionFrom(context.request.headers.get(APP_VERSION_HEADER)) };
      // Yoga types an extension by the plugin's own context; MobileContext (builder.ts) declares it.
      extendContext(extension as Partial<YogaInitialContext>);
    },
    onResultProcess({ request, result }) {
      const codes = errorCodesOf(result);
      if (codes.length === 0) return;
      const level = codes.includes("PERSISTED_QUERY_NOT_FOUND") ? "warn" : "info";
      const appVersion = appVersionFrom(request.headers.get(APP_VERSION_HEADER));
      logger[level]({ requestId: requestIdOf(request), appVersion, codes }, "mobile request answered with errors");
    },
  };
}

function errorCodesOf(result: unknown): string[] {
  const results = Array.isArray(result) ? result : [result];
  const codes = new Set<string>();
  for (const r of results) {
    const errors = (r as { errors?: readonly { extensions?: Record<string, unknown> }[] } | null)?.errors ?? [];
    for (const error of errors) {
      const code = error.extensions?.["code"];
      codes.add(typeof code === "string" ? code : "NO_CODE");
    }
  }
  return [...codes].slice(0, MAX_LOGGED_CODES);
}
