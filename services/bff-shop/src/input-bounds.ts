/**
 * The users contract's size limits, checked by the BFF before any call so that a hostile input
 * (a megabyte of "password") costs no RPC, no password hash and no oversized rate-limit key. The
 * users service stays the authority on what is valid; these are only the outer bounds it states.
 */

/** Longest email (RFC 5321 path), in characters. */
export const MAX_EMAIL_LENGTH = 254;
/** Longest password, in characters (code points). */
export const MAX_PASSWORD_LENGTH = 128;
/** Longest display name after trimming, in characters (code points). */
export const MAX_DISPLAY_NAME_LENGTH = 100;
/** Longest avatar URL, in characters. */
export const MAX_AVATAR_URL_LENGTH = 2048;

/** Length in Unicode code points, as the users service counts (inputs are bounded by the body limit). */
export function codePoints(text: string): number {
  return Array.from(text).length;
}

/** An email as rate limits key it: trimmed, lower-cased, cut to the longest valid length. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH);
}
