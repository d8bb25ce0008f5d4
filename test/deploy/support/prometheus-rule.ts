import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Prometheus Operator's PrometheusRule is the plain rule file wrapped: its `spec.groups` is
 * alerts.yml's `groups`, copied as text (comments included) by {@link prometheusRuleYaml}. The
 * committed deploy/observability/k8s/prometheus-rule.yaml is that function's output, which a test
 * holds it to; `npx tsx test/deploy/write-prometheus-rule.ts` writes it again after alerts.yml changes.
 */

export const ALERTS_PATH = "deploy/observability/prometheus/alerts.yml";
export const PROMETHEUS_RULE_PATH = "deploy/observability/k8s/prometheus-rule.yaml";

/** The PrometheusRule text for the rule file `alertsText` (its top-level `groups:` block, indented under `spec:`). */
export function prometheusRuleYaml(alertsText: string): string {
  const lines = alertsText.split("\n");
  const start = lines.findIndex((line) => /^groups:\s*$/.test(line));
  if (start === -1) throw new Error(`${ALERTS_PATH} has no top-level \`groups:\` line`);
  const rest = lines.slice(start + 1);
  const outside = rest.findIndex((line) => /^\S/.test(line) && !line.startsWith("#"));
  if (outside !== -1) throw new Error(`${ALERTS_PATH}: \`groups:\` must be the last top-level key, found ${JSON.stringify(rest[outside])}`);
  const body = [lines[start]!, ...rest].map((line) => (line === "" ? "" : `  ${line}`)).join("\n");
  return [
    `# GENERATED from ${ALERTS_PATH} by \`npx tsx test/deploy/write-prometheus-rule.ts\`: edit that file, not this one.`,
    "# The same recording and alerting rules, for a Prometheus run by the Prometheus Operator.",
    "apiVersion: monitoring.coreos.com/v1",
    "kind: PrometheusRule",
    "metadata:",
    "  name: shop",
    "spec:",
    body.replace(/\n*$/, "\n"),
  ].join("\n");
}

/** The PrometheusRule as generated from the repository's alerts.yml now. */
export function expectedPrometheusRule(repoRoot: string): string {
  return prometheusRuleYaml(readFileSync(join(repoRoot, ALERTS_PATH), "utf8"));
}
