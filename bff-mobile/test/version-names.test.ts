import { describe, expect, it } from "vitest";
import { compareVersionNames, isVersionName } from "../src/documents/version-names.js";

describe("app version names", () => {
  it("when a name is MAJOR.MINOR.PATCH with an optional prerelease, then it is valid; anything else is not", () => {
    for (const name of ["0.0.1", "1.0.0", "10.20.30", "2.0.0-beta.1", "2.0.0-rc-1"]) expect(isVersionName(name), name).toBe(true);
    for (const name of ["", "1", "1.0", "v1.0.0", "01.0.0", "1.0.0+512", "1.0.0-", "1.0.0/..", "../1.0.0", `1.0.0-${"x".repeat(64)}`]) {
      expect(isVersionName(name), name).toBe(false);
    }
  });

  it("when versions are sorted, then they follow semver precedence (numbers by value, a prerelease before its release)", () => {
    const names = ["1.10.0", "1.2.0", "1.2.0-beta.10", "1.2.0-beta.2", "1.2.0-alpha", "0.9.0"];
    expect([...names].sort(compareVersionNames)).toEqual(["0.9.0", "1.2.0-alpha", "1.2.0-beta.2", "1.2.0-beta.10", "1.2.0", "1.10.0"]);
  });
});
