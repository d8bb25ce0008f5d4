import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../invalid-input-error.js";
import { spelledWith } from "./display-name-spelling.js";

const refused = new InvalidInputError(
  [
    { field: "input.displayName", description: "must be at most 100 characters" },
    { field: "input.email", description: "is not a valid email address" },
  ],
  "The sign-up input is not valid.",
);

/** What `spelledWith` throws for a call that throws `error`. */
async function thrownWith(field: "displayName" | "name", error: unknown): Promise<unknown> {
  return spelledWith(field, () => Promise.reject(error)).then(
    () => expect.unreachable("the call was refused"),
    (thrown: unknown) => thrown,
  );
}

describe("spelledWith", () => {
  it("when the input calls the display name `name`, then its refusal names input.name and keeps the other fields and the message", async () => {
    const thrown = await thrownWith("name", refused);
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(thrown).toMatchObject({
      message: "The sign-up input is not valid.",
      violations: [
        { field: "input.name", description: "must be at most 100 characters" },
        { field: "input.email", description: "is not a valid email address" },
      ],
    });
  });

  it("when the input calls it `displayName`, then the refusal is thrown as it came", async () => {
    expect(await thrownWith("displayName", refused)).toBe(refused);
  });

  it("when the call fails otherwise, then the error is thrown as it came whatever the spelling", async () => {
    const outage = new Error("UNAVAILABLE");
    expect(await thrownWith("name", outage)).toBe(outage);
  });

  it("when the call succeeds, then its answer is returned", async () => {
    await expect(spelledWith("name", async () => "answer")).resolves.toBe("answer");
  });
});
