import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printWebSchema } from "../src/schema-sdl.js";

describe("schema.graphql", () => {
  it("when the schema is printed, then it equals the committed schema.graphql (else run `npm run schema -w bff-web`)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(printWebSchema(), "bff-web/schema.graphql is stale: run `npm run schema -w bff-web`").toBe(committed);
  });
});
