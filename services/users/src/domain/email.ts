/** The longest email address the service accepts (RFC 5321 path limit), in characters. */
export const MAX_EMAIL_LENGTH = 254;

// local@domain, ASCII only: the local part is dot-separated atoms of RFC 5322 `atext`, the domain
// is dot-separated DNS labels ending in an alphabetic top-level label of 2+ chars. Internationalised
// domains are accepted in their punycode (xn--) form.
const LOCAL_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const EMAIL_PATTERN = new RegExp(
  `^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*@(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`,
);

/** Why an email was rejected, or the normalised address. */
export type EmailCheck = { readonly ok: true; readonly email: string } | { readonly ok: false; readonly reason: string };

/**
 * Trims and lower-cases `raw` and checks its syntax. The lower-cased form is what is stored, so
 * uniqueness without regard to case is a plain unique index.
 */
export function normalizeEmail(raw: string): EmailCheck {
  const email = raw.trim().toLowerCase();
  if (email.length === 0) return { ok: false, reason: "is required" };
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, reason: `must be at most ${MAX_EMAIL_LENGTH} characters` };
  const at = email.lastIndexOf("@");
  if (at > 64) return { ok: false, reason: "local part must be at most 64 characters" };
  if (!EMAIL_PATTERN.test(email)) return { ok: false, reason: "is not a valid email address" };
  return { ok: true, email };
}
