import { checkPromql, type SeriesCatalog } from "./promql-checks.js";

/**
 * A Prometheus rule file (recording and alerting rules) checked as Prometheus would load it and
 * beyond: every expression against the exported series, recorded series made available to the
 * rules after them (with the labels their expression leaves), alerts that wait (`for`), carry a
 * severity and say what happened (summary, description) using only labels their series have.
 */

export const SEVERITIES: readonly string[] = ["critical", "warning", "info"];

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export interface RuleFileCheck {
  readonly problems: readonly string[];
  /** Each recorded series with the labels it carries. */
  readonly recorded: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each rule (`record` or `alert` name) with the exported series it reads, through recorded series too. */
  readonly reads: ReadonlyMap<string, ReadonlySet<string>>;
}

const DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** What an annotation template may say: a label, or the value, optionally through one humanizing function. */
const TEMPLATE_ACTION = /^\s*\$(?:labels\.([a-zA-Z_][a-zA-Z0-9_]*)|value)(?:\s*\|\s*(?:humanize|humanize1024|humanizePercentage|humanizeDuration|humanizeTimestamp))?\s*$/;

/** The `groups` of a parsed rule file, or a problem when its shape is not one. */
function groupsOf(file: unknown): RuleGroup[] | string {
  const groups = (file as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups) || groups.length === 0) return "the rule file has no groups";
  for (const group of groups as RuleGroup[]) {
    if (typeof group?.name !== "string" || !Array.isArray(group.rules) || group.rules.length === 0) return `group ${JSON.stringify(group?.name)} has no name or no rules`;
  }
  return groups as RuleGroup[];
}

/** Checks a parsed rule file (its YAML as data) against `catalog`. */
export function checkRuleFile(file: unknown, catalog: SeriesCatalog): RuleFileCheck {
  const problems: string[] = [];
  const recorded = new Map<string, ReadonlySet<string>>();
  const reads = new Map<string, ReadonlySet<string>>();
  const groups = groupsOf(file);
  if (typeof groups === "string") return { problems: [groups], recorded, reads };
  const series = new Map(catalog.series);
  const names = new Set<string>();
  for (const [name, count] of countBy(groups.map((g) => g.name))) if (count > 1) problems.push(`group ${name} is defined ${count} times`);

  for (const group of groups) {
    if (group.interval !== undefined && !DURATION.test(group.interval)) problems.push(`group ${group.name}: interval ${group.interval} is not a duration`);
    for (const rule of group.rules) {
      const name = rule.record ?? rule.alert;
      const where = `group ${group.name}, ${rule.record !== undefined ? "record" : "alert"} ${name}`;
      if ((rule.record === undefined) === (rule.alert === undefined)) {
        problems.push(`group ${group.name}: a rule has ${rule.record === undefined ? "neither" : "both"} record and alert`);
        continue;
      }
      if (typeof rule.expr !== "string") {
        problems.push(`${where}: no expr`);
        continue;
      }
      const check = checkPromql(rule.expr, { series, labelValues: catalog.labelValues });
      problems.push(...check.problems.map((problem) => `${where}: ${problem}`));
      reads.set(name!, new Set(check.seriesNames.flatMap((read) => [...(reads.get(read) ?? (catalog.series.has(read) ? [read] : []))])));
      const value = check.value;
      if (check.problems.length === 0 && value.kind !== "vector") problems.push(`${where}: evaluates to a ${value.kind}, not an instant vector`);
      const labels = new Set([...(value.kind === "vector" ? value.labels : []), ...Object.keys(rule.labels ?? {})]);

      if (rule.record !== undefined) {
        if (!METRIC_NAME.test(rule.record) || !rule.record.includes(":")) problems.push(`${where}: a recorded series is named level:metric:operations`);
        if (catalog.series.has(rule.record) || names.has(rule.record)) problems.push(`${where}: the name is taken`);
        if (rule.for !== undefined || rule.annotations !== undefined) problems.push(`${where}: a recording rule has no for or annotations`);
        names.add(rule.record);
        series.set(rule.record, labels);
        recorded.set(rule.record, labels);
        continue;
      }
      if (!ALERT_NAME.test(rule.alert!)) problems.push(`${where}: alert names are CamelCase`);
      if (names.has(rule.alert!)) problems.push(`${where}: defined twice`);
      names.add(rule.alert!);
      if (rule.for === undefined || !DURATION.test(rule.for)) problems.push(`${where}: needs a for duration, so one bad scrape does not fire it (has ${JSON.stringify(rule.for)})`);
      if (!SEVERITIES.includes(rule.labels?.severity ?? "")) problems.push(`${where}: severity label ${JSON.stringify(rule.labels?.severity)} is not one of ${SEVERITIES.join(", ")}`);
      for (const key of ["summary", "description"]) {
        const text = rule.annotations?.[key];
        if (typeof text !== "string" || text.trim() === "") problems.push(`${where}: no ${key} annotation`);
      }
      for (const [key, text] of Object.entries(rule.annotations ?? {})) {
        problems.push(...templateProblems(String(text), labels).map((problem) => `${where}: annotation ${key}: ${problem}`));
      }
    }
  }
  return { problems, recorded, reads };
}

/** Problems of one annotation template: actions other than a label or the value, or labels the alert's series lack. */
export function templateProblems(text: string, labels: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if ((text.match(/\{\{/g) ?? []).length !== (text.match(/\}\}/g) ?? []).length) problems.push("unbalanced {{ }}");
  for (const [, action] of text.matchAll(/\{\{(.*?)\}\}/g)) {
    const match = TEMPLATE_ACTION.exec(action!);
    if (match === null) problems.push(`{{${action}}} is not $labels.<name> or $value (with an optional humanize function)`);
    else if (match[1] !== undefined && !labels.has(match[1])) problems.push(`{{${action}}}: the alert's series have no label ${match[1]} (they have ${[...labels].sort().join(", ") || "none"})`);
  }
  return problems;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
