import { describe, expect, it } from "vitest";
import { OperationNames } from "./operation-names.js";

describe("OperationNames", () => {
  it("when the set is open, then the first 100 well-formed names are labels and the 101st new name is other", () => {
    const names = OperationNames.open();
    for (let i = 0; i < 100; i++) expect(names.label({ name: `Op${i}` })).toBe(`Op${i}`);
    expect(names.label({ name: "Op100" })).toBe("other");
    // Names admitted before keep their label.
    expect(names.label({ name: "Op7" })).toBe("Op7");
  });

  it("when a name is not a short GraphQL name, then it is other and takes no place in the set", () => {
    const names = OperationNames.open(1);
    expect(names.label({ name: "x".repeat(65) })).toBe("other");
    expect(names.label({ name: "9lives" })).toBe("other");
    expect(names.label({ name: "homePage" })).toBe("homePage");
    expect(names.label({ name: "second" })).toBe("other");
  });

  it("when the set is closed, then only its names are labels, whatever else is asked first", () => {
    const names = OperationNames.closed(["Home", "Login"]);
    expect(names.label({ name: "Sneaky" })).toBe("other");
    expect(names.label({ name: "Home" })).toBe("Home");
    expect(names.label({ name: "Login" })).toBe("Login");
  });

  it("when an operation has no name, then it is anonymous; when the request held none, then unknown", () => {
    expect(OperationNames.open().label({ name: undefined })).toBe("anonymous");
    expect(OperationNames.closed([]).label({ name: undefined })).toBe("anonymous");
    expect(OperationNames.open().label(undefined)).toBe("unknown");
  });
});
