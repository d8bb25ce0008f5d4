import { parser } from "@prometheus-io/lezer-promql";

/**
 * PromQL read with Prometheus's own grammar (the lezer grammar its web UI parses queries with),
 * then checked against what the code exports: every metric a selector names must be a series a
 * scrape of our processes yields, every label a matcher, a `by`/`without`, an `on`/`ignoring` or a
 * `group_left` names must be on the series it applies to, and the label values the code bounds
 * (gRPC codes, outcomes, pool states) must be values it writes. Label sets are followed through
 * the expression (rate keeps them, `sum by (a)` leaves `a`, histogram_quantile drops `le`, …), so a
 * ratio whose two sides are grouped differently, a quantile over series without `le` or a rate
 * over an instant vector are caught too.
 */

/** The series a Prometheus scraping our processes holds, and what is known of their labels. */
export interface SeriesCatalog {
  /** Every series name (histograms as `_bucket`, `_sum`, `_count`) with the labels each of its series carries, target labels included. */
  readonly series: ReadonlyMap<string, ReadonlySet<string>>;
  /** The values a label can take where the code bounds them (e.g. `grpc_code`); labels not here are not checked. */
  readonly labelValues: ReadonlyMap<string, ReadonlySet<string>>;
}

/** What an expression evaluates to, as far as the checks follow it. */
export type PromqlValue =
  | { readonly kind: "scalar" }
  | { readonly kind: "string" }
  | { readonly kind: "vector"; readonly labels: ReadonlySet<string> }
  | { readonly kind: "matrix"; readonly labels: ReadonlySet<string> }
  /** A part already reported as a problem (an unknown metric, say): nothing more is checked above it. */
  | { readonly kind: "unknown" };

export interface PromqlCheck {
  /** One sentence per problem; empty when the expression is fine. */
  readonly problems: readonly string[];
  /** The series names its selectors name, in order of appearance. */
  readonly seriesNames: readonly string[];
  readonly value: PromqlValue;
}

type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

/** Functions whose (first range) argument is a range vector: `rate(x[5m])`, never `rate(x)`. */
const RANGE_FUNCTIONS = new Set([
  "rate",
  "irate",
  "increase",
  "delta",
  "idelta",
  "deriv",
  "changes",
  "resets",
  "predict_linear",
  "holt_winters",
  "double_exponential_smoothing",
]);
/** Aggregations whose first argument is a parameter; of these, the ones that keep each series' labels. */
const PARAMETER_AGGREGATIONS = new Set(["topk", "bottomk", "limitk", "limit_ratio", "quantile", "count_values"]);
const SELECTING_AGGREGATIONS = new Set(["topk", "bottomk", "limitk", "limit_ratio"]);
const SET_OPERATORS = new Set(["And", "Or", "Unless"]);
/** A regex that is only a list of literal alternatives: `UNKNOWN|INTERNAL`. */
const LITERAL_ALTERNATION = /^[A-Za-z0-9_.:-]+(?:\|[A-Za-z0-9_.:-]+)*$/;

const children = (node: SyntaxNode): SyntaxNode[] => {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) list.push(child);
  return list;
};
const labelList = (labels: Iterable<string>): string => [...labels].sort().join(", ") || "none";
const unknown: PromqlValue = { kind: "unknown" };
const vector = (labels: Iterable<string>): PromqlValue => ({ kind: "vector", labels: new Set(labels) });

/** Syntax errors of `expr` by the PromQL grammar, as `offset N: …` sentences (empty when it parses). */
export function promqlSyntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  if (expr.trim() === "") return ["the expression is empty"];
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) errors.push(`syntax error at offset ${cursor.from}: ${JSON.stringify(expr.slice(Math.max(0, cursor.from - 20), cursor.from + 20))}`);
  } while (cursor.next());
  return errors;
}

/** Parses `expr` and checks it against `catalog` (see the file comment). */
export function checkPromql(expr: string, catalog: SeriesCatalog): PromqlCheck {
  const syntax = promqlSyntaxErrors(expr);
  if (syntax.length > 0) return { problems: syntax, seriesNames: [], value: unknown };
  const problems: string[] = [];
  const seriesNames: string[] = [];
  const text = (node: SyntaxNode): string => expr.slice(node.from, node.to);
  const stringValue = (node: SyntaxNode): string => {
    const raw = text(node);
    // Backquoted strings are raw; quoted ones are JSON-like enough for the names and regexes used here.
    return raw.startsWith("`") ? raw.slice(1, -1) : (JSON.parse(raw.startsWith("'") ? `"${raw.slice(1, -1).replaceAll('"', '\\"')}"` : raw) as string);
  };
  const problem = (node: SyntaxNode, message: string): void => void problems.push(`${message} (in ${JSON.stringify(text(node))})`);

  const checkValue = (label: string, operator: string, value: string, node: SyntaxNode): void => {
    const known = catalog.labelValues.get(label);
    if (known === undefined || value.includes("$")) return; // unbounded label, or a Grafana variable
    const wanted = operator === "=" || operator === "!=" ? [value] : LITERAL_ALTERNATION.test(value) ? value.split("|") : undefined;
    if (wanted !== undefined) {
      const strange = wanted.filter((candidate) => !known.has(candidate));
      if (strange.length > 0) problem(node, `${label} is never ${strange.map((s) => JSON.stringify(s)).join(" or ")}; the code writes ${labelList(known)}`);
    } else if (operator === "=~" && ![...known].some((candidate) => new RegExp(`^(?:${value})$`).test(candidate))) {
      problem(node, `${label}=~${JSON.stringify(value)} matches none of ${labelList(known)}`);
    }
  };

  const selector = (node: SyntaxNode): PromqlValue => {
    const matchers: { label: string; operator: string; value: string; node: SyntaxNode }[] = [];
    for (const matcher of children(node).find((child) => child.name === "LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
      matchers.push({
        label: text(matcher.getChild("LabelName")!),
        operator: text(matcher.getChild("MatchOp")!),
        value: stringValue(matcher.getChild("StringLiteral")!),
        node: matcher,
      });
    }
    for (const matcher of children(node).find((child) => child.name === "LabelMatchers")?.getChildren("QuotedLabelMatcher") ?? []) {
      const literals = matcher.getChildren("StringLiteral");
      const name = matcher.getChild("QuotedLabelName")?.getChild("StringLiteral");
      if (name === null || name === undefined) {
        problem(matcher, "a quoted metric name without a label is not checked here; name the metric plainly");
        continue;
      }
      matchers.push({ label: stringValue(name), operator: text(matcher.getChild("MatchOp")!), value: stringValue(literals[literals.length - 1]!), node: matcher });
    }
    const identifier = node.getChild("Identifier");
    const nameMatcher = matchers.find((m) => m.label === "__name__");
    const name = identifier !== null ? text(identifier) : nameMatcher?.operator === "=" ? nameMatcher.value : undefined;
    if (name === undefined) {
      problem(node, "a selector without a metric name cannot be checked against the exported metrics");
      return unknown;
    }
    seriesNames.push(name);
    const labels = catalog.series.get(name);
    if (labels === undefined) {
      problem(node, `${name} is not a metric the code exports`);
      return unknown;
    }
    for (const { label, operator, value, node: at } of matchers) {
      if (label === "__name__") continue;
      if (!labels.has(label)) problem(at, `${name} has no label ${label} (it has ${labelList(labels)})`);
      else checkValue(label, operator, value, at);
    }
    return vector(labels);
  };

  const grouping = (node: SyntaxNode | null | undefined): string[] => (node === null || node === undefined ? [] : node.getChildren("LabelName").map(text));
  const requireLabels = (at: SyntaxNode, labels: readonly string[], on: PromqlValue, what: string): void => {
    if (on.kind !== "vector") return;
    const missing = labels.filter((label) => !on.labels.has(label));
    if (missing.length > 0) problem(at, `${what} names ${missing.join(", ")}, which the series there do not carry (they have ${labelList(on.labels)})`);
  };

  const functionCall = (node: SyntaxNode): PromqlValue => {
    const name = text(node.getChild("FunctionIdentifier")!);
    const argNodes = children(node.getChild("FunctionCallBody")!);
    const args = argNodes.map(evaluate);
    if (args.some((arg) => arg.kind === "unknown")) return unknown;
    const rangeArg = args.findIndex((arg) => arg.kind === "matrix");
    if (RANGE_FUNCTIONS.has(name) || name.endsWith("_over_time")) {
      if (rangeArg === -1) {
        problem(node, `${name}() needs a range vector, e.g. metric[5m]`);
        return unknown;
      }
      // absent_over_time yields one series with the selector's equality labels; none are compared here.
      return name === "absent_over_time" ? vector([]) : vector((args[rangeArg] as { labels: ReadonlySet<string> }).labels);
    }
    if (rangeArg !== -1) {
      problem(node, `${name}() takes an instant vector, not a range; wrap the range in rate() or an *_over_time function`);
      return unknown;
    }
    const firstVector = args.find((arg) => arg.kind === "vector") as { labels: ReadonlySet<string> } | undefined;
    switch (name) {
      case "time":
      case "pi":
      case "scalar":
        return { kind: "scalar" };
      case "vector":
      case "absent":
        return vector([]);
      case "histogram_quantile": {
        const histogram = args[1];
        if (args[0]?.kind !== "scalar" || histogram?.kind !== "vector") {
          problem(node, "histogram_quantile() takes a quantile and the rate of a histogram's _bucket series");
          return unknown;
        }
        if (!histogram.labels.has("le")) {
          problem(node, `histogram_quantile() over series without le (they have ${labelList(histogram.labels)}): keep le in the by clause of the _bucket rate`);
          return unknown;
        }
        return vector([...histogram.labels].filter((label) => label !== "le"));
      }
      case "label_replace":
      case "label_join": {
        if (firstVector === undefined) return unknown;
        const strings = args.slice(1).map((_, i) => stringValue(argNodes[i + 1]!));
        const sources = name === "label_replace" ? [strings[2]!] : strings.slice(2);
        requireLabels(node, sources.filter((source) => source !== ""), vector(firstVector.labels), `${name}()`);
        return vector([...firstVector.labels, strings[0]!]);
      }
      default:
        if (firstVector === undefined) {
          problem(node, `${name}() is given no instant vector`);
          return unknown;
        }
        return vector(firstVector.labels);
    }
  };

  const aggregation = (node: SyntaxNode): PromqlValue => {
    const operator = text(node.getChild("AggregateOp")!);
    const argNodes = children(node.getChild("FunctionCallBody")!);
    const args = argNodes.map(evaluate);
    const inner = args[args.length - 1];
    if (inner === undefined || inner.kind === "unknown") return unknown;
    if (inner.kind !== "vector") {
      problem(node, `${operator}() aggregates an instant vector; a range vector needs rate() or an *_over_time function first`);
      return unknown;
    }
    if (PARAMETER_AGGREGATIONS.has(operator) !== (args.length === 2)) problem(node, `${operator}() takes ${PARAMETER_AGGREGATIONS.has(operator) ? "a parameter and " : "only "}a vector`);
    const modifier = node.getChild("AggregateModifier");
    const labels = grouping(modifier?.getChild("GroupingLabels"));
    const without = modifier !== null && modifier.getChild("Without") !== null;
    if (modifier !== null && !without) requireLabels(modifier, labels, inner, `${operator} by`);
    if (SELECTING_AGGREGATIONS.has(operator)) return inner;
    const kept = modifier === null ? [] : without ? [...inner.labels].filter((label) => !labels.includes(label)) : labels;
    return vector(operator === "count_values" && argNodes[0] !== undefined ? [...kept, stringValue(argNodes[0])] : kept);
  };

  const binary = (node: SyntaxNode): PromqlValue => {
    const parts = children(node);
    const [lhsNode, operatorNode] = parts;
    const rhsNode = parts[parts.length - 1]!;
    const lhs = evaluate(lhsNode!);
    const rhs = evaluate(rhsNode);
    if (lhs.kind === "unknown" || rhs.kind === "unknown") return unknown;
    if (lhs.kind === "matrix" || rhs.kind === "matrix" || lhs.kind === "string" || rhs.kind === "string") {
      problem(node, "a binary operator takes scalars and instant vectors only");
      return unknown;
    }
    if (lhs.kind === "scalar") return rhs;
    if (rhs.kind === "scalar") return lhs;
    const operator = operatorNode!.name;
    const matching = node.getChild("MatchingModifierClause");
    const has = (keyword: string): boolean => matching !== null && matching.getChild(keyword) !== null;
    const [matchLabelsNode, includeNode] = matching?.getChildren("GroupingLabels") ?? [];
    const on = has("On");
    const matchLabels = grouping(matchLabelsNode);
    const groupLeft = has("GroupLeft");
    const groupRight = has("GroupRight");
    const include = grouping(includeNode);
    if (on) {
      requireLabels(matching!, matchLabels, lhs, "on() (left side)");
      requireLabels(matching!, matchLabels, rhs, "on() (right side)");
    }
    if (groupLeft) requireLabels(matching!, include, rhs, "group_left()");
    if (groupRight) requireLabels(matching!, include, lhs, "group_right()");
    const matchKey = (labels: ReadonlySet<string>): string[] => (on ? matchLabels : [...labels].filter((label) => !matchLabels.includes(label))).sort();
    // One-to-one matching pairs series whose match labels are equal: if the two sides carry
    // different label sets (and no on()/ignoring() evens them out), no pair can ever match.
    if (!on && !groupLeft && !groupRight && operator !== "Or") {
      const left = matchKey(lhs.labels);
      const right = matchKey(rhs.labels);
      if (left.join() !== right.join()) {
        problem(node, `the two sides carry different labels (${labelList(left)} vs ${labelList(right)}), so no series would match; group both alike or use on()/ignoring()`);
      }
    }
    if (SET_OPERATORS.has(operator)) return lhs;
    if (groupLeft) return vector([...lhs.labels, ...include]);
    if (groupRight) return vector([...rhs.labels, ...include]);
    return vector(on ? matchLabels : matchKey(lhs.labels));
  };

  const evaluate = (node: SyntaxNode): PromqlValue => {
    switch (node.name) {
      case "PromQL":
      case "ParenExpr":
        return evaluate(children(node).find((child) => child.name !== "(" && child.name !== ")")!);
      case "NumberDurationLiteral":
        return { kind: "scalar" };
      case "StringLiteral":
        return { kind: "string" };
      case "VectorSelector":
        return selector(node);
      case "MatrixSelector":
      case "SubqueryExpr": {
        const inner = evaluate(node.firstChild!);
        if (inner.kind !== "vector") {
          if (inner.kind !== "unknown") problem(node, "a range is taken of an instant vector only");
          return unknown;
        }
        return { kind: "matrix", labels: inner.labels };
      }
      case "OffsetExpr":
      case "StepInvariantExpr":
      case "AnchoredExpr":
      case "SmoothedExpr":
        return evaluate(node.firstChild!);
      case "UnaryExpr":
        return evaluate(node.lastChild!);
      case "FunctionCall":
        return functionCall(node);
      case "AggregateExpr":
        return aggregation(node);
      case "BinaryExpr":
        return binary(node);
      default:
        problem(node, `${node.name} is not followed by these checks`);
        return unknown;
    }
  };

  const value = evaluate(parser.parse(expr).topNode);
  return { problems, seriesNames, value };
}
