import { join } from "node:path";
import { buildSchema } from "graphql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PACKAGE_ROOT } from "../src/documents/artifacts.js";
import { RELEASED_PATH } from "../src/documents/released-operations.js";
import { checkSupportedVersions, formatProblem } from "../src/documents/supported-versions.js";
import { schema } from "../src/schema/index.js";
import { releasedFixture, type ReleasedFixture } from "./released-fixture.js";

// One graphql realm: see single-graphql-realm.ts.
vi.mock("graphql", async () => (await import("./single-graphql-realm.js")).commonJsGraphQL());

/** The schema an older app version was released with (a small stand-in for the mobile schema). */
const RELEASED_SDL = `
type Query {
  home: Home
  orders(status: OrderStatus): [Order!]
}
type Mutation {
  placeOrder(input: PlaceOrderInput!): PlaceOrderResult!
}
type Home {
  recommendations(first: Int = 10): [Product!]
}
type Product {
  id: ID!
  name: String!
  rating: Int!
  reviewCount: Int!
}
type Order {
  id: ID!
  status: OrderStatus!
}
enum OrderStatus {
  PLACED
  SHIPPED
}
input PlaceOrderInput {
  idempotencyKey: String!
  productIds: [ID!]!
}
type OutOfStockError {
  message: String!
}
union PlaceOrderResult = Order | OutOfStockError
`;

const HOME_WITH_RATING = "query Home {\n  home {\n    recommendations {\n      id\n      name\n      rating\n    }\n  }\n}\n";
const HOME_WITHOUT_RATING = "query Home {\n  home {\n    recommendations {\n      id\n      name\n    }\n  }\n}\n";
const ORDERS = "query Orders($status: OrderStatus) {\n  orders(status: $status) {\n    id\n    status\n  }\n}\n";
const PLACE_ORDER =
  "mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    __typename\n    ... on Order {\n      id\n    }\n  }\n}\n";

/** The released schema with `edit` applied: the "current" schema of a test. */
function currentSchema(edit: (sdl: string) => string) {
  const sdl = edit(RELEASED_SDL);
  expect(sdl, "the edit changed nothing").not.toBe(RELEASED_SDL);
  return buildSchema(sdl);
}

let released: ReleasedFixture;
beforeEach(async () => {
  released = await releasedFixture();
});
afterEach(() => released.remove());

describe("the committed released versions", () => {
  it("when they are checked against the schema the server serves, then no supported app version breaks (npm run operations:check -w bff-mobile)", async () => {
    const result = await checkSupportedVersions({ schema, releasedDir: join(PACKAGE_ROOT, RELEASED_PATH) });
    expect(result.checked).toContain("1.0.0");
    expect(result.failures.map(formatProblem)).toEqual([]);
  });
});

describe("checking supported versions against a changed schema", () => {
  it("when a field that an older released version selects is removed, then the check fails naming the version, the operation and the field", async () => {
    await released.add("0.9.0", [HOME_WITH_RATING, ORDERS], RELEASED_SDL);
    await released.add("1.0.0", [HOME_WITHOUT_RATING, ORDERS], RELEASED_SDL);
    // reviewCount goes too, but no operation selects it.
    const changed = currentSchema((sdl) => sdl.replace("  rating: Int!\n", "").replace("  reviewCount: Int!\n", ""));

    const result = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(result.checked).toEqual(["0.9.0", "1.0.0"]);
    expect(result.failures.map(formatProblem)).toEqual(['0.9.0 Home: Cannot query field "rating" on type "Product".']);
  });

  it("when the version that selects it is retired, then the same change passes", async () => {
    await released.add("0.9.0", [HOME_WITH_RATING], RELEASED_SDL);
    await released.add("1.0.0", [HOME_WITHOUT_RATING], RELEASED_SDL);
    const changed = currentSchema((sdl) => sdl.replace("  rating: Int!\n", ""));

    const result = await checkSupportedVersions({ schema: changed, releasedDir: released.dir, retired: ["0.9.0"] });

    expect(result).toMatchObject({ checked: ["1.0.0"], retired: ["0.9.0"], failures: [] });
  });

  it("when an input type the app builds in its variables gains a required field, then the check fails though the document still validates", async () => {
    await released.add("1.0.0", [PLACE_ORDER], RELEASED_SDL);
    const changed = currentSchema((sdl) => sdl.replace("  productIds: [ID!]!\n", "  productIds: [ID!]!\n  note: String!\n"));

    const { failures } = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(failures.map(formatProblem)).toEqual([
      "1.0.0 PlaceOrder: Input field 'note' of type 'String!' was added to input object type 'PlaceOrderInput' (the app sends PlaceOrderInput in its variables)",
    ]);
  });

  it("when an optional input field is added instead, then the check passes", async () => {
    await released.add("1.0.0", [PLACE_ORDER], RELEASED_SDL);
    const changed = currentSchema((sdl) => sdl.replace("  productIds: [ID!]!\n", "  productIds: [ID!]!\n  note: String\n"));

    expect((await checkSupportedVersions({ schema: changed, releasedDir: released.dir })).failures).toEqual([]);
  });

  it("when an enum value that the app may send or read is removed, then the check fails for the operations that send or read it (not for the others)", async () => {
    await released.add("1.0.0", [ORDERS, HOME_WITH_RATING], RELEASED_SDL);
    const changed = currentSchema((sdl) => sdl.replace("  SHIPPED\n", ""));

    const { failures } = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(failures.map(formatProblem)).toEqual([
      "1.0.0 Orders: Enum value 'SHIPPED' was removed from enum 'OrderStatus' (the app may send it in its variables)",
    ]);
  });

  it("when a field the app reads becomes nullable, then the check fails (the app's types say it is never null)", async () => {
    await released.add("1.0.0", [HOME_WITH_RATING], RELEASED_SDL);
    const changed = currentSchema((sdl) => sdl.replace("  rating: Int!\n", "  rating: Int\n"));

    const { failures } = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(failures.map(formatProblem)).toEqual(["1.0.0 Home: Field 'Product.rating' changed type from 'Int!' to 'Int' (the operation selects it)"]);
  });

  it("when a value is added to an enum the app reads, or a member to a union it reads, then it is a warning, not a failure", async () => {
    await released.add("1.0.0", [ORDERS, PLACE_ORDER], RELEASED_SDL);
    const changed = currentSchema((sdl) =>
      sdl
        .replace("  SHIPPED\n", "  SHIPPED\n  RETURNED\n")
        .replace("union PlaceOrderResult = Order | OutOfStockError", "type Refused {\n  message: String!\n}\nunion PlaceOrderResult = Order | OutOfStockError | Refused"),
    );

    const { failures, warnings } = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(failures).toEqual([]);
    expect(warnings.map(formatProblem)).toEqual([
      "1.0.0 Orders: Enum value 'RETURNED' was added to enum 'OrderStatus' (the app reads OrderStatus and does not know the new value)",
      "1.0.0 PlaceOrder: Member 'Refused' was added to Union type 'PlaceOrderResult' (the app reads PlaceOrderResult and does not know the new type)",
    ]);
  });

  it("when a required argument is added to a field the app selects, then validation names it", async () => {
    await released.add("1.0.0", [HOME_WITHOUT_RATING], RELEASED_SDL);
    const changed = currentSchema((sdl) => sdl.replace("recommendations(first: Int = 10)", "recommendations(first: Int = 10, region: String!)"));

    const { failures } = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(failures.map(formatProblem)).toEqual([
      '1.0.0 Home: Field "recommendations" argument "region" of type "String!" is required, but it was not provided.',
    ]);
  });

  it("when a release has no schema snapshot, then the check fails saying what is missing and still validates its operations", async () => {
    await released.add("1.0.0", [HOME_WITH_RATING], null);
    const changed = currentSchema((sdl) => sdl.replace("  rating: Int!\n", ""));

    const { failures } = await checkSupportedVersions({ schema: changed, releasedDir: released.dir });

    expect(failures.map(formatProblem)).toEqual([
      expect.stringMatching(/^1\.0\.0: .*schema\.graphql is missing: the semantic check needs the schema this version was built against/),
      '1.0.0 Home: Cannot query field "rating" on type "Product".',
    ]);
  });

  it("when a folder of the released dir is not a version name, then the check refuses to run", async () => {
    await released.add("latest", [HOME_WITH_RATING], RELEASED_SDL);
    await expect(checkSupportedVersions({ schema: buildSchema(RELEASED_SDL), releasedDir: released.dir })).rejects.toThrow(/latest: not an app version name/);
  });
});
