import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { operationFromText } from "../src/documents/operation-files.js";
import { generateOperationTypes } from "../src/documents/typegen.js";

const schema = buildSchema(`
  enum Status { OPEN CLOSED }
  type Item { id: ID! name: String! price: Int tags: [String!]! status: Status! }
  type Problem { message: String! }
  union Result = Item | Problem
  input LineInput { id: ID! quantity: Int = 1 note: String }
  type Query { item(id: ID!): Item items(first: Int): [Item]! }
  type Mutation { buy(lines: [LineInput!]!, flag: Boolean): Result! }
`);

function generate(body: string): string {
  return generateOperationTypes(schema, [operationFromText("op.graphql", body)]);
}

describe("typed documents generator", () => {
  it("when a query selects fields with an alias, then the result type mirrors nullability and lists", () => {
    const out = generate(`query One($id: ID!, $first: Int) {
      item(id: $id) { id title: name price tags status }
      items(first: $first) { id }
    }`);
    expect(out).toContain(`export type OneQuery = {
  readonly item: {
    readonly id: string;
    readonly title: string;
    readonly price: number | null;
    readonly tags: ReadonlyArray<string>;
    readonly status: "OPEN" | "CLOSED";
  } | null;
  readonly items: ReadonlyArray<{
    readonly id: string;
  } | null>;
};`);
    expect(out).toContain(`export type OneQueryVariables = {
  readonly id: string;
  readonly first?: number | null;
};`);
  });

  it("when a union is selected with fragments, then each possible type gets its own shape", () => {
    const out = generate(`mutation Buy($lines: [LineInput!]!) {
      buy(lines: $lines) { __typename ... on Item { id } ...P }
    }
    fragment P on Problem { message }`);
    expect(out).toContain(`readonly buy: {
    readonly __typename: "Item";
    readonly id: string;
  } | {
    readonly __typename: "Problem";
    readonly message: string;
  };`);
    expect(out).toContain(`readonly lines: ReadonlyArray<{
    readonly id: string;
    readonly quantity?: number | null;
    readonly note?: string | null;
  }>;`);
  });

  it("when a field is conditional, then its property is optional", () => {
    const out = generate(`query Cond($on: Boolean!) { item(id: "1") { id name @include(if: $on) } }`);
    expect(out).toContain("readonly name?: string;");
    expect(out).toContain("readonly id: string;");
  });

  it("when the document does not validate against the schema, then generation fails naming the file", () => {
    expect(() => generate(`query Bad { item(id: "1") { nope } }`)).toThrow(/op\.graphql: Cannot query field "nope"/);
  });

  it("when an operation is generated, then its typed document carries the exact text and hash", () => {
    const body = "query Tiny { items { id } }\n";
    const out = generate(body);
    expect(out).toContain(`operationName: "Tiny"`);
    expect(out).toContain(`document: ${JSON.stringify(body)}`);
    expect(out).toMatch(/sha256Hash: "[0-9a-f]{64}"/);
    expect(out).toContain("export type TinyQueryVariables = Record<string, never>;");
  });
});
