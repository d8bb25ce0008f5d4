import { describe, expect, it } from "vitest";
import { matchIds } from "./match-ids.js";

describe("matchIds", () => {
  it("when records come back in another order with some missing, then they follow the ids and the missing ids are named in order", () => {
    const records = [{ id: "c" }, { id: "a" }];
    expect(matchIds(["a", "b", "c", "d"], records)).toEqual({ found: [{ id: "a" }, { id: "c" }], missingIds: ["b", "d"] });
  });

  it("when nothing is found, then every id is missing", () => {
    expect(matchIds(["x"], [])).toEqual({ found: [], missingIds: ["x"] });
  });
});
