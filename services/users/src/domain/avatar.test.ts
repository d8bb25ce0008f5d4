import { describe, expect, it } from "vitest";
import { demoUser } from "@shop/service-host/demo";
import { parseAvatarUrl, thumbnailUrlOf } from "./avatar.js";

describe("parseAvatarUrl", () => {
  it("when the URL is empty, then the avatar and its thumbnail are removed", () => {
    expect(parseAvatarUrl("")).toEqual({ ok: true, avatar: { avatarUrl: "", avatarThumbnailUrl: "" } });
  });

  it("when the URL names a file with an extension, then the thumbnail has -64 before the extension", () => {
    expect(parseAvatarUrl("https://img.shop.test/avatars/7.jpg")).toEqual({
      ok: true,
      avatar: { avatarUrl: "https://img.shop.test/avatars/7.jpg", avatarThumbnailUrl: "https://img.shop.test/avatars/7-64.jpg" },
    });
  });

  it("when the demo data's avatars go through the rule, then their thumbnails are the demo thumbnails", () => {
    for (const index of [0, 1, 2, 3, 999]) {
      const user = demoUser(index);
      if (user.avatarUrl === "") continue;
      expect(thumbnailUrlOf(new URL(user.avatarUrl))).toBe(user.avatarThumbnailUrl);
    }
  });

  it("when the last segment has no extension or the path ends in a slash, then -64 or avatar-64 is used and the query kept", () => {
    expect(thumbnailUrlOf(new URL("http://cdn.example/u/42?v=3#x"))).toBe("http://cdn.example/u/42-64?v=3#x");
    expect(thumbnailUrlOf(new URL("http://cdn.example/u/"))).toBe("http://cdn.example/u/avatar-64");
    expect(thumbnailUrlOf(new URL("http://cdn.example/u/.hidden"))).toBe("http://cdn.example/u/.hidden-64");
    expect(thumbnailUrlOf(new URL("http://cdn.example/a.b/c.tar.gz"))).toBe("http://cdn.example/a.b/c.tar-64.gz");
  });

  it("when the URL has unicode in it, then it is stored in its encoded form", () => {
    const check = parseAvatarUrl("https://bücher.example/ä.png");
    expect(check).toEqual({
      ok: true,
      avatar: {
        avatarUrl: "https://xn--bcher-kva.example/%C3%A4.png",
        avatarThumbnailUrl: "https://xn--bcher-kva.example/%C3%A4-64.png",
      },
    });
  });

  it.each([
    ["relative/path.jpg", "must be an absolute http(s) URL"],
    ["ftp://example.com/a.jpg", "must be an absolute http(s) URL"],
    ["javascript:alert(1)", "must be an absolute http(s) URL"],
    ["data:image/png;base64,AAAA", "must be an absolute http(s) URL"],
    ["https://user:secret@example.com/a.jpg", "must not contain credentials"],
    [" https://example.com/a.jpg", "must not contain surrounding whitespace or control characters"],
    ["https://example.com/a\u0000.jpg", "must not contain surrounding whitespace or control characters"],
    [`https://example.com/${"a".repeat(2030)}`, "must be at most 2048 characters"],
    [`https://example.com/${"ä".repeat(1000)}`, "must be at most 2048 characters once encoded"],
  ])("when the URL is %j, then it is rejected", (raw, reason) => {
    expect(parseAvatarUrl(raw)).toEqual({ ok: false, reason });
  });
});
