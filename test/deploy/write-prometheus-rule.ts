// Writes deploy/observability/k8s/prometheus-rule.yaml from deploy/observability/prometheus/alerts.yml
// (the PrometheusRule is that rule file wrapped; test/deploy/observability.test.ts keeps them equal).
// Usage: npx tsx test/deploy/write-prometheus-rule.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expectedPrometheusRule, PROMETHEUS_RULE_PATH } from "./support/prometheus-rule.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
writeFileSync(join(repoRoot, PROMETHEUS_RULE_PATH), expectedPrometheusRule(repoRoot));
console.log(`wrote ${PROMETHEUS_RULE_PATH}`);
