import { buildSchema } from "graphql/index.js";
import { describe, expect, it } from "vitest";
import { mappingProblems, type ReadMaskMapping } from "./mapping.js";

const schema = buildSchema(`
  interface Node { id: ID! }
  type Product implements Node { id: ID! name: String! inStock: Boolean! }
  type Query { node(id: ID!): Node product(id: ID!): Product }
`);

const complete: ReadMaskMapping<"product"> = {
  Product: { entity: "product", fields: { id: [], name: ["name"], inStock: ["stock_available"] } },
};

describe("checking a read-mask mapping against the schema", () => {
  it("when every field of every mapped type is declared with proto paths, then there are no problems", () => {
    expect(mappingProblems(schema, complete)).toEqual([]);
  });

  it("when a GraphQL field is not declared, then the problem names the field", () => {
    const mapping: ReadMaskMapping<"product"> = { Product: { entity: "product", fields: { id: [], name: ["name"] } } };
    expect(mappingProblems(schema, mapping)).toEqual(["Product.inStock is not declared: list the proto paths it reads ([] for none)"]);
  });

  it("when a declared field does not exist on its type, then the problem names it", () => {
    const mapping: ReadMaskMapping<"product"> = { Product: { ...complete.Product!, fields: { ...complete.Product!.fields, rating: ["average_rating"] } } };
    expect(mappingProblems(schema, mapping)).toEqual(["Product.rating is declared, but Product has no such field"]);
  });

  it("when a mapped type is missing from the schema or is not an object type, then each is reported", () => {
    const mapping: ReadMaskMapping<"product"> = {
      ...complete,
      Review: { entity: "product", fields: {} },
      Node: { entity: "product", fields: { id: [] } },
    };
    expect(mappingProblems(schema, mapping)).toEqual([
      "Review is mapped, but the schema has no type of that name",
      "Node is mapped, but it is not an object type: map the object types that implement or belong to it",
    ]);
  });

  it("when a declared path is not lower_snake_case names joined by dots, then it is reported", () => {
    const mapping: ReadMaskMapping<"product"> = {
      Product: { entity: "product", fields: { id: [], name: ["name", ""], inStock: ["stockAvailable", "lines..quantity"] } },
    };
    expect(mappingProblems(schema, mapping)).toEqual([
      `Product.name declares "", which is not a proto field path (lower_snake_case names joined by ".")`,
      `Product.inStock declares "stockAvailable", which is not a proto field path (lower_snake_case names joined by ".")`,
      `Product.inStock declares "lines..quantity", which is not a proto field path (lower_snake_case names joined by ".")`,
    ]);
  });
});
