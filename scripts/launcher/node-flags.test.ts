import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NODE_FLAGS } from "./node-flags.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGES = ["services/users", "services/catalog", "services/orders", "bff-web", "bff-mobile"];

describe("NODE_FLAGS", () => {
  it.each(PACKAGES)("when %s is started on its own (npm start -w), then it runs with the same Node flags as under npm start", (dir) => {
    const pkg = JSON.parse(readFileSync(`${ROOT}${dir}/package.json`, "utf8")) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe(`node ${NODE_FLAGS.join(" ")} --import tsx src/main.ts`);
  });
});
