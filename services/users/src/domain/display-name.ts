/** The longest display name, in characters (Unicode code points) after trimming. */
export const MAX_DISPLAY_NAME_LENGTH = 100;

// Control characters (C0, DEL, C1) and the line/paragraph separators have no place in a name,
// and NUL cannot be stored in a PostgreSQL text column at all.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** The trimmed display name, or why it was rejected. */
export type DisplayNameCheck =
  | { readonly ok: true; readonly displayName: string }
  | { readonly ok: false; readonly reason: string };

/** Trims `raw` and checks it holds 1 to 100 characters and no control characters. */
export function normalizeDisplayName(raw: string): DisplayNameCheck {
  const displayName = raw.trim();
  if (displayName.length === 0) return { ok: false, reason: "is required (1 to 100 characters after trimming)" };
  if (CONTROL.test(displayName)) return { ok: false, reason: "must not contain control characters" };
  if ([...displayName].length > MAX_DISPLAY_NAME_LENGTH) {
    return { ok: false, reason: `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters` };
  }
  return { ok: true, displayName };
}
