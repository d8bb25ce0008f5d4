import type { ConfigSpec } from "./load-config.js";

/** A Markdown table of every key: env var, format, default and meaning. */
export function describeConfig(spec: ConfigSpec): string {
  const rows = Object.values(spec).map((def) => {
    const fallback = "default" in def
      ? def.parse.secret ? "(set)" : `\`${JSON.stringify(def.default)}\``
      : def.optional ? "(unset)" : "**required**";
    return `| \`${def.env}\` | ${def.parse.format} | ${fallback} | ${def.doc} |`;
  });
  return ["| env | format | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}
