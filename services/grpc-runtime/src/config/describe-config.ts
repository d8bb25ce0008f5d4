import type { ConfigKey, ConfigSpec } from "./load-config.js";

function inProduction(def: ConfigKey<unknown>): string {
  const refused = def.production?.refuse === undefined ? "" : `; \`${JSON.stringify(def.production.refuse.value)}\` refused in production`;
  if (def.production?.required !== undefined) return `; **required** in production${refused}`;
  if (def.production !== undefined && "default" in def.production) return `; \`${JSON.stringify(def.production.default)}\` in production${refused}`;
  return refused;
}

/** A Markdown table of every key: env var, format, default and meaning. */
export function describeConfig(spec: ConfigSpec): string {
  const rows = Object.values(spec).map((def) => {
    const fallback = "default" in def
      ? def.parse.secret ? "(set)" : `\`${JSON.stringify(def.default)}\``
      : def.optional ? "(unset)" : "**required**";
    return `| \`${def.env}\` | ${def.parse.format} | ${fallback}${inProduction(def)} | ${def.doc} |`;
  });
  return ["| env | format | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}
