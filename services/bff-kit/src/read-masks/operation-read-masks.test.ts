import { buildSchema, parse } from "graphql/index.js";
import { describe, expect, it } from "vitest";
import { mappingProblems, type ReadMaskMapping } from "./mapping.js";
import { operationReadMasks } from "./operation-read-masks.js";

/** A web-BFF-like schema: a Node interface, a union, a connection, orders with lines pointing at products. */
const schema = buildSchema(`
  interface Node { id: ID! }
  type Money { amountMinor: Int! formatted: String! }
  type Product implements Node { id: ID! name: String! price: Money inStock: Boolean! thumbnailUrl: String! rating: Float! }
  type OrderLine { quantity: Int! unitPrice: Money product: Product }
  enum OrderStatus { PLACED PAID }
  type Order implements Node { id: ID! status: OrderStatus! total: Money itemCount: Int! lines: [OrderLine!]! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type UserOrdersEdge { cursor: String! node: Order! }
  type UserOrdersConnection { edges: [UserOrdersEdge!]! pageInfo: PageInfo! }
  type User implements Node { id: ID! displayName: String! email: String! orders(first: Int): UserOrdersConnection }
  union SearchResult = Product | Order
  type HomePage { viewer: User recommendations(first: Int): [Product!] }
  type Query {
    homePage: HomePage
    node(id: ID!): Node
    product(id: ID!): Product
    search(text: String!): [SearchResult!]!
    viewer: User
  }
`);

type Entity = "product" | "order" | "user";

const mapping: ReadMaskMapping<Entity> = {
  Product: {
    entity: "product",
    fields: { id: [], name: ["name"], price: ["price"], inStock: ["stock_available"], thumbnailUrl: ["thumbnail_url"], rating: ["average_rating"] },
  },
  Order: { entity: "order", fields: { id: [], status: ["status"], total: ["total"], itemCount: ["lines.quantity"], lines: [] } },
  OrderLine: { entity: "order", fields: { quantity: ["lines.quantity"], unitPrice: ["lines.unit_price"], product: ["lines.product_id"] } },
  User: { entity: "user", fields: { id: [], displayName: ["display_name"], email: ["email"], orders: [] } },
};

function masksOf(source: string, operationName?: string | null) {
  return operationReadMasks(schema, parse(source), operationName, mapping);
}

describe("read masks of an operation", () => {
  it("when the test mapping is checked against the test schema, then it has no problems", () => {
    expect(mappingProblems(schema, mapping)).toEqual([]);
  });

  it("when fields are selected through unmapped types and lists, then each entity gets its fields' paths plus id, sorted", () => {
    const masks = masksOf(`{ homePage { viewer { displayName } recommendations(first: 3) { name price { formatted } } } }`);
    expect(masks).toEqual({ product: ["id", "name", "price"], user: ["display_name", "id"] });
  });

  it("when the same field is selected twice under different aliases, then its paths are in the mask once", () => {
    const masks = masksOf(`{
      first: product(id: "1") { label: name cost: price { formatted } }
      second: product(id: "2") { title: name price { amountMinor } stars: rating }
    }`);
    expect(masks).toEqual({ product: ["average_rating", "id", "name", "price"] });
  });

  it("when named fragments are spread at several depths and inside each other, then their fields count where they land", () => {
    const masks = masksOf(`
      query Home { homePage { recommendations { ...Card } viewer { ...Who orders(first: 2) { edges { node { ...OrderSummary } } } } } }
      fragment Card on Product { name ...Thumb }
      fragment Thumb on Product { thumbnailUrl }
      fragment Who on User { displayName }
      fragment OrderSummary on Order { status lines { product { ...Card } } }
    `);
    expect(masks).toEqual({
      product: ["id", "name", "thumbnail_url"],
      user: ["display_name", "id"],
      order: ["id", "lines.product_id", "status"],
    });
  });

  it("when a union is selected with inline fragments on its members, then each member's fields go to its own entity", () => {
    const masks = masksOf(`{ search(text: "mug") { __typename ... on Product { name inStock } ... on Order { total { formatted } } } }`);
    expect(masks).toEqual({ product: ["id", "name", "stock_available"], order: ["id", "total"] });
  });

  it("when an inline fragment has no type condition or carries @skip/@include, then its fields still count", () => {
    const masks = masksOf(`query ($full: Boolean!) {
      product(id: "1") { ... { name } ... @include(if: $full) { rating } thumbnailUrl @skip(if: $full) }
    }`);
    expect(masks).toEqual({ product: ["average_rating", "id", "name", "thumbnail_url"] });
  });

  it("when node(id) is selected with a field of Node and '... on Product', then Node's field reaches every mapped implementation and Product's only products", () => {
    const masks = masksOf(`{ node(id: "UHJvZHVjdDox") { id ... on Product { name thumbnailUrl } } }`);
    expect(masks).toEqual({ product: ["id", "name", "thumbnail_url"], order: ["id"], user: ["id"] });
  });

  it("when a fragment on an interface is spread inside a concrete type, then it applies to that type only", () => {
    const masks = masksOf(`
      { product(id: "1") { ...Identified } }
      fragment Identified on Node { id ... on Order { status } }
    `);
    expect(masks).toEqual({ product: ["id"] });
  });

  it("when orders are read through a connection down to their lines' products, then the nested type's fields become nested paths of its parent entity", () => {
    const masks = masksOf(`{ viewer { orders(first: 5) {
      edges { cursor node { status itemCount lines { quantity unitPrice { formatted } product { name price { formatted } } } } }
      pageInfo { hasNextPage endCursor }
    } } }`);
    expect(masks).toEqual({
      user: ["id"],
      order: ["id", "lines.product_id", "lines.quantity", "lines.unit_price", "status"],
      product: ["id", "name", "price"],
    });
  });

  it("when fragments spread each other in a cycle or themselves, then the walk ends and keeps every field it saw", () => {
    const masks = masksOf(`
      { product(id: "1") { ...A } search(text: "x") { ...Self } }
      fragment A on Product { name ...B }
      fragment B on Product { rating ...A }
      fragment Self on SearchResult { ... on Order { status } ...Self }
    `);
    expect(masks).toEqual({ product: ["average_rating", "id", "name"], order: ["id", "status"] });
  });

  it("when an entity is selected only for id and __typename, then its mask is just id and unselected entities are absent", () => {
    expect(masksOf(`{ product(id: "1") { id __typename } }`)).toEqual({ product: ["id"] });
    expect(masksOf(`{ search(text: "x") { __typename } }`)).toEqual({ product: ["id"], order: ["id"] });
    expect(masksOf(`{ __typename homePage { __typename } }`)).toEqual({});
  });

  it("when one entity is selected in several places with different fields, then its mask is the union of them all", () => {
    const masks = masksOf(`{
      product(id: "1") { name }
      homePage { recommendations { rating } }
      search(text: "x") { ... on Product { inStock } ... on Order { total { formatted } lines { unitPrice { formatted } } } }
      viewer { orders { edges { node { status } } } }
    }`);
    expect(masks).toEqual({
      product: ["average_rating", "id", "name", "stock_available"],
      order: ["id", "lines.unit_price", "status", "total"],
      user: ["id"],
    });
  });

  it("when a selected field of a mapped type is not declared, then its entity is absent (no mask decision) and the others are unaffected", () => {
    const partial: ReadMaskMapping<Entity> = { ...mapping, Product: { entity: "product", fields: { id: [], name: ["name"] } } };
    const masks = operationReadMasks(schema, parse(`{ product(id: "1") { name rating } viewer { email } }`), undefined, partial);
    expect(masks).toEqual({ user: ["email", "id"] });
  });

  it("when a document holds several operations, then operationName chooses one, and no name or an unknown name gives no masks", () => {
    const document = parse(`
      query Home { homePage { viewer { displayName } } }
      query OneProduct { product(id: "1") { name } }
    `);
    expect(operationReadMasks(schema, document, "OneProduct", mapping)).toEqual({ product: ["id", "name"] });
    expect(operationReadMasks(schema, document, "Home", mapping)).toEqual({ user: ["display_name", "id"] });
    expect(operationReadMasks(schema, document, undefined, mapping)).toEqual({});
    expect(operationReadMasks(schema, document, "Nope", mapping)).toEqual({});
  });

  it("when the same document and operation are asked again, then the cached, frozen result is returned; another document or mapping is walked anew", () => {
    const source = `query One { product(id: "1") { name } } query Two { viewer { email } }`;
    const document = parse(source);
    const first = operationReadMasks(schema, document, "One", mapping);
    expect(operationReadMasks(schema, document, "One", mapping)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.product)).toBe(true);
    expect(operationReadMasks(schema, document, "Two", mapping)).toEqual({ user: ["email", "id"] });

    const reparsed = operationReadMasks(schema, parse(source), "One", mapping);
    expect(reparsed).not.toBe(first);
    expect(reparsed).toEqual(first);

    const narrower: ReadMaskMapping<Entity> = { ...mapping, Product: { entity: "product", fields: { id: [] } } };
    expect(operationReadMasks(schema, document, "One", narrower)).toEqual({});
  });
});
