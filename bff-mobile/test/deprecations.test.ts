import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { findDeprecations, formatDeprecations, type OperationSet } from "../src/documents/deprecations.js";
import { buildManifest } from "../src/documents/manifest.js";
import { operationFromText } from "../src/documents/operation-files.js";

const SCHEMA = buildSchema(`
type Query {
  products(first: Int, sort: String @deprecated(reason: "Use order."), order: ProductOrder): [Product!]
  orders(status: OrderStatus): [Order!]
}
type Mutation {
  placeOrder(input: PlaceOrderInput!): Order
}
type Product {
  id: ID!
  rating: Int! @deprecated(reason: "Use stars.")
  stars: Float!
  thumbnailUrl: String @deprecated(reason: "Use imageUrl.")
  imageUrl: String
}
type Order {
  id: ID!
  status: OrderStatus!
}
enum OrderStatus {
  PLACED
  SHIPPED @deprecated(reason: "Orders are DELIVERED or not.")
  DELIVERED
}
enum ProductOrder {
  NAME
  PRICE
}
input PlaceOrderInput {
  productIds: [ID!]!
  coupon: String @deprecated(reason: "Coupons ended.")
}
`);

function operations(version: string, ...documents: string[]): OperationSet {
  return { version, manifest: buildManifest(documents.map((body, i) => operationFromText(`${i}.graphql`, body))) };
}

const OLD = operations(
  "0.9.0",
  "query Products { products(sort: \"name\") { id rating } }",
  "query Orders { orders { id status } }",
  "mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }",
);
const SUPPORTED = operations("1.0.0", "query Products { products(order: NAME) { id stars } }", "query Orders { orders(status: PLACED) { id } }");
const CURRENT = operations("current", "query Products { products(first: 5) { id stars imageUrl } }");

describe("npm run operations:deprecations -w bff-mobile", () => {
  it("when the schema deprecates fields, arguments, enum values and input fields, then each is listed with the versions and operations that still use it", () => {
    expect(findDeprecations(SCHEMA, [OLD, SUPPORTED, CURRENT])).toEqual([
      {
        coordinate: "OrderStatus.SHIPPED",
        kind: "enum value",
        reason: "Orders are DELIVERED or not.",
        // Orders of 0.9.0 reads the status; 1.0.0 only sends PLACED, as a literal.
        usedBy: [{ version: "0.9.0", operation: "Orders" }],
      },
      { coordinate: "PlaceOrderInput.coupon", kind: "input field", reason: "Coupons ended.", usedBy: [{ version: "0.9.0", operation: "PlaceOrder" }] },
      { coordinate: "Product.rating", kind: "field", reason: "Use stars.", usedBy: [{ version: "0.9.0", operation: "Products" }] },
      { coordinate: "Product.thumbnailUrl", kind: "field", reason: "Use imageUrl.", usedBy: [] },
      { coordinate: "Query.products(sort:)", kind: "argument", reason: "Use order.", usedBy: [{ version: "0.9.0", operation: "Products" }] },
    ]);
  });

  it("when the report is printed, then it reads per element: who uses it, or that it can go", () => {
    const text = formatDeprecations(findDeprecations(SCHEMA, [OLD, SUPPORTED, CURRENT]));
    expect(text).toContain("Product.rating (field, deprecated: Use stars.)\n  0.9.0: Products\n");
    expect(text).toContain("Product.thumbnailUrl (field, deprecated: Use imageUrl.)\n  used by no operation looked at (supported versions, current operations): it can be removed\n");
  });

  it("when the version that still used them is retired (left out), then they can all go", () => {
    const text = formatDeprecations(findDeprecations(SCHEMA, [SUPPORTED, CURRENT]));
    expect(text.match(/it can be removed/g)).toHaveLength(5);
  });

  it("when nothing is deprecated, then the report says so", () => {
    expect(formatDeprecations(findDeprecations(buildSchema("type Query { a: Int }"), [CURRENT]))).toBe("Nothing in the mobile schema is deprecated.\n");
  });
});
