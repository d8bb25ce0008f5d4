import { checkPromql, type PromqlValue, type SeriesCatalog } from "./promql-checks.js";

/**
 * A Grafana dashboard (its JSON model as data) checked for what breaks one silently: panels whose
 * query names a metric or label the code does not export, a data source other than the
 * `${datasource}` variable, variables used but not defined (or defined for nothing), repeated panel
 * ids or refIds, panels that overlap or leave the 24-column grid.
 */

/** The data source every panel and target must use: the dashboard's Prometheus variable. */
export const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/** Grafana's own interval variables, replaced by a duration before a query is parsed as PromQL. */
const GRAFANA_DURATIONS = /\$(?:\{__(?:rate_interval|interval|range)\}|__(?:rate_interval|interval|range)\b)/g;
/** `$name` or `${name}` of a dashboard variable (Grafana's own `__` variables excluded). */
const VARIABLE_USE = /\$\{?([A-Za-z][A-Za-z0-9_]*)\}?/g;
/** A Prometheus query variable's `label_values(<selector>, <label>)`. */
const LABEL_VALUES = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/;

interface Target {
  readonly refId?: string;
  readonly expr?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
}

interface Panel {
  readonly id?: number;
  readonly type?: string;
  readonly title?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly gridPos?: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}

interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
  readonly datasource?: { readonly type?: string; readonly uid?: string };
}

export interface DashboardCheck {
  readonly problems: readonly string[];
  /** Every series name the panels' and variables' queries select, with the panel that does. */
  readonly reads: readonly { readonly seriesName: string; readonly panel: string }[];
}

/** A panel query as PromQL: Grafana's interval variables become a fixed duration. */
export function grafanaExprAsPromql(expr: string): string {
  return expr.replace(GRAFANA_DURATIONS, "5m");
}

/** Every panel, rows' collapsed panels included, in order. */
export function panelsOf(dashboard: { readonly panels?: readonly Panel[] }): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

const sameDatasource = (datasource: Panel["datasource"]): boolean => datasource?.type === DATASOURCE.type && datasource.uid === DATASOURCE.uid;

/** Checks a dashboard's JSON model against `catalog`. */
export function checkDashboard(dashboard: unknown, catalog: SeriesCatalog): DashboardCheck {
  const model = dashboard as { schemaVersion?: number; uid?: string; title?: string; panels?: Panel[]; templating?: { list?: Variable[] } };
  const problems: string[] = [];
  const reads: { seriesName: string; panel: string }[] = [];
  if (typeof model.schemaVersion !== "number" || model.schemaVersion < 36) problems.push(`schemaVersion ${model.schemaVersion} is older than Grafana 9 (36)`);
  if (typeof model.uid !== "string" || !/^[a-zA-Z0-9_-]{1,40}$/.test(model.uid)) problems.push(`uid ${JSON.stringify(model.uid)} is not a stable short id`);
  if (typeof model.title !== "string" || model.title === "") problems.push("no title");

  const variables = model.templating?.list ?? [];
  const datasourceVariable = variables.find((v) => v.name === "datasource");
  if (datasourceVariable?.type !== "datasource" || datasourceVariable.query !== "prometheus") problems.push("no `datasource` variable of type datasource for prometheus");
  const used = new Set<string>();
  const noteVariables = (text: string): void => {
    for (const [, name] of text.matchAll(VARIABLE_USE)) if (!name!.startsWith("__")) used.add(name!);
  };

  const check = (where: string, expr: string): PromqlValue => {
    noteVariables(expr);
    const result = checkPromql(grafanaExprAsPromql(expr), catalog);
    problems.push(...result.problems.map((problem) => `${where}: ${problem}`));
    reads.push(...result.seriesNames.map((seriesName) => ({ seriesName, panel: where })));
    if (result.problems.length === 0 && result.value.kind !== "vector" && result.value.kind !== "scalar") problems.push(`${where}: evaluates to a ${result.value.kind}; a graph needs an instant vector`);
    return result.value;
  };

  for (const variable of variables) {
    if (variable.type !== "query") continue;
    const where = `variable ${variable.name}`;
    if (!sameDatasource(variable.datasource)) problems.push(`${where}: data source is not \${datasource}`);
    const query = typeof variable.query === "string" ? variable.query : variable.query?.query;
    const match = LABEL_VALUES.exec(query ?? "");
    if (match === null) {
      problems.push(`${where}: query ${JSON.stringify(query)} is not label_values(<metric>, <label>)`);
      continue;
    }
    const [, selector, label] = match;
    const value = check(where, selector!);
    if (value.kind === "vector" && !value.labels.has(label!)) problems.push(`${where}: ${selector} has no label ${label}`);
  }

  const ids = new Set<number>();
  const placed: { where: string; x: number; y: number; w: number; h: number }[] = [];
  for (const panel of panelsOf(model)) {
    const where = `panel ${JSON.stringify(panel.title)}`;
    if (typeof panel.id !== "number" || ids.has(panel.id)) problems.push(`${where}: id ${panel.id} is missing or repeated`);
    ids.add(panel.id ?? -1);
    const grid = panel.gridPos;
    if (grid === undefined || grid.x < 0 || grid.w <= 0 || grid.h <= 0 || grid.x + grid.w > 24) problems.push(`${where}: gridPos ${JSON.stringify(grid)} leaves the 24-column grid`);
    else {
      for (const other of placed) {
        if (grid.x < other.x + other.w && other.x < grid.x + grid.w && grid.y < other.y + other.h && other.y < grid.y + grid.h) problems.push(`${where}: overlaps ${other.where}`);
      }
      placed.push({ where, ...grid });
    }
    if (panel.type === "row") continue;
    if (!sameDatasource(panel.datasource)) problems.push(`${where}: data source ${JSON.stringify(panel.datasource)} is not \${datasource}`);
    const targets = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${where}: no queries`);
    const refIds = targets.map((target) => target.refId);
    if (new Set(refIds).size !== refIds.length || refIds.some((refId) => typeof refId !== "string")) problems.push(`${where}: refIds ${JSON.stringify(refIds)} are not distinct`);
    for (const target of targets) {
      if (!sameDatasource(target.datasource ?? panel.datasource)) problems.push(`${where} ${target.refId}: data source is not \${datasource}`);
      if (typeof target.expr !== "string") problems.push(`${where} ${target.refId}: no expr`);
      else check(`${where} ${target.refId}`, target.expr);
    }
  }

  const defined = new Set(variables.map((v) => v.name));
  for (const name of used) if (!defined.has(name)) problems.push(`$${name} is used but not a dashboard variable`);
  for (const name of defined) if (name !== "datasource" && !used.has(name)) problems.push(`variable ${name} is defined but no query uses it`);
  return { problems, reads };
}
