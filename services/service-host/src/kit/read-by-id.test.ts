import { newId } from "@shop/grpc-runtime/ids";
import { describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "./domain-errors.js";
import { readById } from "./read-by-id.js";
import type { FieldSelection } from "./read-mask.js";

const NOTE = { type: "note", fields: ["id", "title", "body"] as const };

describe("readById", () => {
  it("when the record exists, then it comes back with the selection it was read with", async () => {
    const id = newId();
    let readWith: FieldSelection<"id" | "title" | "body"> | undefined;
    const read = await readById(NOTE, { id, readMask: ["title"] }, async (ids, fields) => {
      readWith = fields;
      return ids.map((i) => ({ id: i, title: "hello" }));
    });
    expect(read.record).toEqual({ id, title: "hello" });
    expect(read.fields).toBe(readWith);
    expect([read.fields.has("title"), read.fields.has("body")]).toEqual([true, false]);
  });

  it("when the id and the read mask are both bad, then one InvalidInputError names both and nothing is read", async () => {
    let reads = 0;
    const error = await readById(NOTE, { id: "nope", readMask: ["colour"] }, async () => [reads++]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).violations.map((v) => v.field)).toEqual(["id", "read_mask.paths[0]"]);
    expect(reads).toBe(0);
  });

  it("when no record has the id, then NotFoundError names the resource and the id", async () => {
    const id = newId();
    const error = await readById(NOTE, { id, readMask: [] }, async () => []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect([(error as NotFoundError).resourceType, (error as NotFoundError).ids]).toEqual(["note", [id]]);
  });
});
