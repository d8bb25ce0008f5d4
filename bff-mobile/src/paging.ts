import { codedError } from "@shop/bff-kit";

/**
 * Page sizes of the slim lists: small by default (mobile screens), capped so one request stays
 * cheap. Out-of-range values are the caller's mistake, reported before any RPC.
 */
export function pageSize(argument: string, value: number | null | undefined, fallback: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw codedError("BAD_USER_INPUT", {
      message: `'${argument}' must be between 1 and ${max}.`,
      extensions: { violations: [{ field: argument, description: `must be between 1 and ${max}` }] },
    });
  }
  return value;
}

/** The page token to send for an optional cursor argument. */
export function pageToken(after: string | null | undefined): string {
  return after ?? "";
}
