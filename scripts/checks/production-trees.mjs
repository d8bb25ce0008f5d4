// npm run check:prod-trees — what each deployable package installs in production
// (`npm ls --workspace <pkg> --omit=dev --all`) holds nothing of the other side:
//   - a domain service: no GraphQL, no JWT library;
//   - a BFF: no Prisma, no PGlite, no schema engine.
// The service host, BFF kit and BFF shop packages are production dependencies of those, so their
// trees are checked as part of them.
// The import rules (check:deps) keep the code apart; this keeps the manifests apart, which the code
// rules cannot see (a dependency declared but never imported still ships).
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const GRAPHQL_OR_JWT = [/^graphql$/, /^graphql-/, /^@graphql-/, /^@envelop\//, /^@pothos\//, /^@escape\.tech\//, /^jose$/, /^jsonwebtoken$/];
const PERSISTENCE = [/^prisma$/, /^@prisma\//, /^\.prisma$/, /pglite/, /schema-engine/];

export const CHECKS = [
  { workspace: "services/users", name: "@shop/users", forbidden: GRAPHQL_OR_JWT, what: "GraphQL or a JWT library" },
  { workspace: "services/catalog", name: "@shop/catalog", forbidden: GRAPHQL_OR_JWT, what: "GraphQL or a JWT library" },
  { workspace: "services/orders", name: "@shop/orders", forbidden: GRAPHQL_OR_JWT, what: "GraphQL or a JWT library" },
  { workspace: "bff-web", name: "@shop/bff-web", forbidden: PERSISTENCE, what: "Prisma, PGlite or a schema engine" },
  { workspace: "bff-mobile", name: "@shop/bff-mobile", forbidden: PERSISTENCE, what: "Prisma, PGlite or a schema engine" },
];

/**
 * The forbidden packages in one workspace's `npm ls --json --all` output, each with the chain that
 * brings it in; throws when the output is not that workspace's own, fully expanded tree.
 */
export function forbiddenIn(tree, { name, forbidden }) {
  const top = Object.keys(tree?.dependencies ?? {});
  if (top.length !== 1 || top[0] !== name) {
    throw new Error(`npm ls did not list ${name}'s own tree (top level: ${top.join(", ") || "nothing"})`);
  }
  const expanded = new Set();
  const collapsed = new Map(); // name -> chain, for nodes npm printed without their subtree
  const found = new Map();
  const walk = (deps, chain) => {
    for (const [dep, node] of Object.entries(deps ?? {})) {
      const here = [...chain, dep];
      const isStub = !node?.version && !node?.resolved && !node?.dependencies;
      if (isStub) {
        if (!collapsed.has(dep)) collapsed.set(dep, here.join(" > "));
      } else {
        expanded.add(dep);
      }
      if (forbidden.some((re) => re.test(dep)) && !isStub && !found.has(dep)) found.set(dep, here.join(" > "));
      walk(node?.dependencies, here);
    }
  };
  walk(tree.dependencies, []);
  // npm prints a package met twice once in full and then as a stub; a workspace package that is only
  // ever a stub would hide its dependencies (as `npm ls --workspaces` does), so the tree is unusable.
  for (const [dep, chain] of collapsed) {
    if (dep.startsWith("@shop/") && !expanded.has(dep)) {
      throw new Error(`npm ls printed ${dep} without its dependencies (${chain}): cannot check ${name}`);
    }
  }
  return [...found].map(([dep, chain]) => ({ dep, chain }));
}

async function productionTree(workspace) {
  try {
    const { stdout } = await promisify(execFile)(
      "npm",
      ["ls", "--workspace", workspace, "--omit=dev", "--all", "--json"],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(stdout);
  } catch (error) {
    // npm ls exits 1 on problems it reports (missing or invalid packages) but still prints the tree
    if (error?.stdout) return JSON.parse(error.stdout);
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const problems = [];
  // two at a time: each npm ls takes about a second of CPU
  for (let i = 0; i < CHECKS.length; i += 2) {
    await Promise.all(
      CHECKS.slice(i, i + 2).map(async (check) => {
        try {
          for (const { dep, chain } of forbiddenIn(await productionTree(check.workspace), check)) {
            problems.push(`${check.name}'s production tree holds ${dep} (${check.what}): ${chain}`);
          }
        } catch (error) {
          problems.push(`${check.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.error(problems.map((p) => `error production-trees: ${p}`).join("\n"));
    console.error(
      `\n✘ production trees: ${problems.length} problem(s). A domain service's production dependencies ` +
        "hold no GraphQL and no JWT library; a BFF's hold no Prisma, PGlite or schema engine " +
        "(move the package to devDependencies, or out of the package that should not ship it).",
    );
    process.exit(1);
  }
  console.log(`✔ production trees: ${CHECKS.map((c) => c.name).join(", ")} clean (${seconds} s)`);
}
