import { describe, expect, it } from "vitest";
import { domainServiceIdentity } from "./domain-service-identity.js";

describe("domainServiceIdentity", () => {
  it("when given the URL of a module in a package's src folder, then the Prisma files are the package's prisma folder", () => {
    const identity = domainServiceIdentity("widgets", "file:///repo/services/widgets/src/app.ts");
    expect(identity).toEqual({
      name: "widgets",
      migrationsDir: "/repo/services/widgets/prisma/migrations",
      schemaPath: "/repo/services/widgets/prisma/schema.prisma",
    });
  });

  it("when given the URL of a built module in dist, then it names the same folder", () => {
    const identity = domainServiceIdentity("widgets", "file:///repo/services/widgets/dist/app.js");
    expect(identity.migrationsDir).toBe("/repo/services/widgets/prisma/migrations");
  });
});
