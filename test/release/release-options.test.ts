import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseReleaseOptions, ReleaseOptionsError } from "../../scripts/release/release-options.js";

const scratch = mkdtempSync(join(tmpdir(), "shop-release-options-"));
const repo = join(scratch, "repo");
mkdirSync(repo);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run release arguments", () => {
  it("when --out names a new folder outside the repository, then it is taken as an absolute path", () => {
    expect(parseReleaseOptions(["--out", "../release"], repo, repo)).toEqual({ help: false, out: join(scratch, "release") });
    expect(parseReleaseOptions([`--out=${join(scratch, "r2")}`], repo)).toEqual({ help: false, out: join(scratch, "r2") });
  });

  it("when --out is an empty folder, or a folder under the repository's .tmp/, then it is accepted", () => {
    mkdirSync(join(scratch, "empty"));
    expect(parseReleaseOptions(["--out", join(scratch, "empty")], repo).out).toBe(join(scratch, "empty"));
    expect(parseReleaseOptions(["--out", ".tmp/release"], repo, repo).out).toBe(join(repo, ".tmp", "release"));
  });

  it("when --help is given, then nothing else is required", () => {
    expect(parseReleaseOptions(["--help"], repo).help).toBe(true);
  });

  it.each([
    ["no --out", [], /--out DIR is required/],
    ["--out without a folder", ["--out"], /--out needs a folder/],
    ["--out followed by a flag", ["--out", "--help"], /--out needs a folder/],
    ["--out twice", ["--out", "/tmp/a", "--out", "/tmp/b"], /--out given twice/],
    ["an unknown flag", ["--out", "/tmp/a", "--force"], /unknown argument "--force"/],
    ["the repository itself", ["--out", "."], /holds the repository/],
    ["an ancestor of the repository", ["--out", ".."], /holds the repository/],
    ["a package folder inside the repository", ["--out", "services/users/dist"], /inside the repository/],
    ["the .tmp folder itself", ["--out", ".tmp"], /inside the repository/],
  ])("when the command line has %s, then it is refused with the reason", (_what, argv, reason) => {
    expect(() => parseReleaseOptions(argv, repo, repo)).toThrow(ReleaseOptionsError);
    expect(() => parseReleaseOptions(argv, repo, repo)).toThrow(reason);
  });

  it("when --out is a folder that holds files, or a file, then it is refused: a release is laid out whole", () => {
    mkdirSync(join(scratch, "old-release"));
    writeFileSync(join(scratch, "old-release", "package.json"), "{}");
    expect(() => parseReleaseOptions(["--out", join(scratch, "old-release")], repo)).toThrow(/is not empty/);
    expect(() => parseReleaseOptions(["--out", join(scratch, "old-release", "package.json")], repo)).toThrow(/is a file/);
  });
});
