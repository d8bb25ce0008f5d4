// npm run check:deps — the dependency rules of .dependency-cruiser.cjs over every workspace package,
// the root scripts and the root tests, plus `no-circular-packages` (cycles between workspace
// packages, which dependency-cruiser's module-level rules cannot see).
//
// Runs dependency-cruiser through its API rather than its CLI: the CLI refuses Node 20 (it declares
// ^22||^24||>=26), which these machines still carry; the API works there.
//
// Usage: node scripts/checks/dependency-rules.mjs [--base-dir DIR]
//   --base-dir  the tree to check (default: the repository); the rules are always the repository's.
// Exit code 1 when any rule is broken; each violation is printed with its rule's name and comment.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CONFIG = join(repoRoot, ".dependency-cruiser.cjs");
const ROOTS = ["gen/src", "services", "bff-web", "bff-mobile", "scripts", "test"];

export const PACKAGE_CYCLE_RULE = {
  name: "no-circular-packages",
  comment:
    "Workspace packages depend on each other in one direction only: no cycle between packages' " +
    "sources (tests excluded), e.g. grpc-runtime -> service-host -> grpc-runtime.",
};

const TESTS = /(^|\/)test\/|\.test\.ts$/;
const packageOf = (path) => /^(gen|services\/[^/]+|bff-web|bff-mobile)\//.exec(path)?.[1];

/** Cycles in the package graph of non-test sources, each as [a, b, ..., a] (one per cycle set). */
export function packageCycles(modules) {
  const edges = new Map();
  for (const m of modules) {
    const from = packageOf(m.source);
    if (!from || TESTS.test(m.source) || !m.source.startsWith(`${from}/src/`)) continue;
    for (const d of m.dependencies ?? []) {
      const to = packageOf(d.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} -> ${d.resolved}`);
    }
  }
  // Tarjan's strongly connected components; every component of more than one package is a cycle.
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], onStack = new Set(), cycles = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1) cycles.push(describeCycle(component.sort(), edges));
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** One concrete cycle through a strongly connected component, with an example import per edge. */
function describeCycle(component, edges) {
  const members = new Set(component);
  const start = component[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [];
        for (let u = v; u !== null; u = prev.get(u)) path.unshift(u);
        path.push(start);
        return path.slice(0, -1).map((p, i) => ({ from: p, to: path[i + 1], via: edges.get(p).get(path[i + 1]) }));
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [];
}

export async function checkDependencies(baseDir = repoRoot) {
  const started = Date.now();
  const options = await extractDepcruiseOptions(CONFIG);
  const roots = ROOTS.filter((r) => existsSync(join(baseDir, r)));
  const tsConfigFile = join(baseDir, options.ruleSet?.options?.tsConfig?.fileName ?? options.tsConfig?.fileName ?? "tsconfig.json");
  const tsConfig = existsSync(tsConfigFile) ? extractTSConfig(tsConfigFile) : undefined;
  if (!tsConfig) delete options.tsConfig;
  const result = await cruise(
    roots,
    { ...options, baseDir, outputType: "json", validate: true },
    undefined,
    tsConfig ? { tsConfig } : {},
  );
  const output = typeof result.output === "string" ? JSON.parse(result.output) : result.output;
  const rules = new Map((options.ruleSet?.forbidden ?? []).map((r) => [r.name, r.comment]));
  const violations = output.summary.violations
    .filter((v) => v.rule.severity === "error")
    .map((v) => ({
      rule: v.rule.name,
      comment: rules.get(v.rule.name) ?? "",
      from: v.from,
      to: v.to,
      cycle: v.cycle?.map((c) => (typeof c === "string" ? c : c.name)),
    }));
  for (const cycle of packageCycles(output.modules)) {
    violations.push({
      rule: PACKAGE_CYCLE_RULE.name,
      comment: PACKAGE_CYCLE_RULE.comment,
      from: cycle[0]?.from,
      to: cycle[0]?.to,
      cycle: cycle.map((e) => `${e.from} -> ${e.to} (${e.via})`),
    });
  }
  return {
    violations,
    modules: output.summary.totalCruised,
    dependencies: output.summary.totalDependenciesCruised,
    ms: Date.now() - started,
  };
}

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const lines = [`error ${v.rule}: ${v.from} → ${v.to}`];
      if (v.cycle?.length) lines.push(...v.cycle.map((c) => `      ${c}`));
      lines.push(`  ${v.comment}`);
      return lines.join("\n");
    })
    .join("\n\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--base-dir");
  const baseDir = at > 0 ? resolve(process.argv[at + 1]) : repoRoot;
  const { violations, modules, dependencies, ms } = await checkDependencies(baseDir);
  const seconds = (ms / 1000).toFixed(1);
  if (violations.length > 0) {
    console.error(formatViolations(violations));
    const names = [...new Set(violations.map((v) => v.rule))].join(", ");
    console.error(`\n✘ dependency rules: ${violations.length} violation(s) of ${names} (${modules} modules, ${seconds} s)`);
    process.exit(1);
  }
  console.log(`✔ dependency rules: no violation (${modules} modules, ${dependencies} dependencies, ${seconds} s)`);
}
