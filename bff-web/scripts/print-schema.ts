import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printWebSchema } from "../src/schema-sdl.js";

// Writes bff-web/schema.graphql; `npm run schema -w bff-web`. A test fails when it is stale.
const target = fileURLToPath(new URL("../schema.graphql", import.meta.url));
writeFileSync(target, printWebSchema());
console.log(`wrote ${target}`);
