/**
 * Names of released app versions: `MAJOR.MINOR.PATCH`, optionally `-prerelease` (semver without
 * build metadata), e.g. `1.0.0`, `2.3.1-beta.2`. The same name is a folder of `operations/released/`
 * and an item of `MOBILE_RETIRED_APP_VERSIONS`.
 */
const VERSION_NAME = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** What a valid name looks like, for error messages. */
export const VERSION_NAME_FORMAT = "MAJOR.MINOR.PATCH with an optional -prerelease, e.g. 1.4.0 or 2.0.0-beta.1";

/** True when `name` is a valid app version name (at most 64 characters). */
export function isVersionName(name: string): boolean {
  return name.length <= 64 && VERSION_NAME.test(name);
}

/** Semver precedence of two valid names (negative when `a` comes first); invalid names sort last, by text. */
export function compareVersionNames(a: string, b: string): number {
  const x = VERSION_NAME.exec(a);
  const y = VERSION_NAME.exec(b);
  if (!x || !y) return Number(!x) - Number(!y) || a.localeCompare(b);
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  const [pa, pb] = [x[4], y[4]];
  if (pa === undefined || pb === undefined) return Number(pa === undefined) - Number(pb === undefined);
  return comparePrerelease(pa.split("."), pb.split("."));
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [p, q] = [a[i]!, b[i]!];
    const [np, nq] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    const d = np && nq ? Number(p) - Number(q) : np !== nq ? (np ? -1 : 1) : p.localeCompare(q);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
