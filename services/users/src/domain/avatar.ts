/** The longest avatar URL, in characters, both as given and once normalised. */
export const MAX_AVATAR_URL_LENGTH = 2048;

/** The suffix that turns an avatar file name into its thumbnail's (`7.jpg` → `7-64.jpg`). */
export const THUMBNAIL_SUFFIX = "-64";

/** A user's avatar: both URLs empty when the user has none. */
export interface Avatar {
  /** Absolute http(s) URL, normalised by the WHATWG URL parser; empty for none. */
  readonly avatarUrl: string;
  /** Derived from `avatarUrl` by {@link thumbnailUrlOf}; empty for none. */
  readonly avatarThumbnailUrl: string;
}

/** The avatar to store, or why the URL was rejected. */
export type AvatarCheck = { readonly ok: true; readonly avatar: Avatar } | { readonly ok: false; readonly reason: string };

/**
 * Checks an avatar URL: "" removes the avatar; anything else must be an absolute http(s) URL with a
 * host, no embedded credentials and at most 2048 characters (before and after normalisation).
 */
export function parseAvatarUrl(raw: string): AvatarCheck {
  if (raw === "") return { ok: true, avatar: { avatarUrl: "", avatarThumbnailUrl: "" } };
  if (raw.length > MAX_AVATAR_URL_LENGTH) {
    return { ok: false, reason: `must be at most ${MAX_AVATAR_URL_LENGTH} characters` };
  }
  if (raw.trim() !== raw || /[\u0000-\u001f\u007f]/.test(raw)) {
    return { ok: false, reason: "must not contain surrounding whitespace or control characters" };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "must be an absolute http(s) URL" };
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    return { ok: false, reason: "must be an absolute http(s) URL" };
  }
  if (url.username !== "" || url.password !== "") return { ok: false, reason: "must not contain credentials" };
  const avatarUrl = url.href;
  if (avatarUrl.length > MAX_AVATAR_URL_LENGTH) {
    return { ok: false, reason: `must be at most ${MAX_AVATAR_URL_LENGTH} characters once encoded` };
  }
  return { ok: true, avatar: { avatarUrl, avatarThumbnailUrl: thumbnailUrlOf(url) } };
}

/**
 * The thumbnail rule: the image server keeps a 64×64 copy of every avatar next to it, named after
 * the original with `-64` before the extension of the last path segment
 * (`https://img.shop.test/avatars/7.jpg` → `https://img.shop.test/avatars/7-64.jpg`). A last segment
 * without an extension gets `-64` appended; a path ending in `/` gets `avatar-64`. Query and
 * fragment are kept. The demo data follows the same rule.
 */
export function thumbnailUrlOf(avatarUrl: URL): string {
  const url = new URL(avatarUrl.href);
  const slash = url.pathname.lastIndexOf("/");
  const directory = url.pathname.slice(0, slash + 1);
  const file = url.pathname.slice(slash + 1);
  const dot = file.lastIndexOf(".");
  const thumbnail =
    file === ""
      ? `avatar${THUMBNAIL_SUFFIX}`
      : dot > 0
        ? `${file.slice(0, dot)}${THUMBNAIL_SUFFIX}${file.slice(dot)}`
        : `${file}${THUMBNAIL_SUFFIX}`;
  url.pathname = directory + thumbnail;
  return url.href;
}
