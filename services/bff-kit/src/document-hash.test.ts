import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DocumentHashes } from "./document-hash.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("DocumentHashes", () => {
  it("when a text is hashed, then it is its sha256 in hex, the same on every call", () => {
    const hashes = new DocumentHashes();
    const text = "query Home { home { user { name } } } # é";
    expect(hashes.of(text)).toBe(sha256(text));
    expect(hashes.of(text)).toBe(sha256(text));
    expect(hashes.size).toBe(1);
  });

  it("when more distinct texts than the capacity arrive, then the map stays at capacity and answers stay right", () => {
    const hashes = new DocumentHashes(3);
    for (let i = 0; i < 10; i++) expect(hashes.of(`{ f${i} }`)).toBe(sha256(`{ f${i} }`));
    expect(hashes.size).toBe(3);
    expect(hashes.of("{ f0 }")).toBe(sha256("{ f0 }"));
  });
});
