/** Kubernetes resource quantities, as far as the manifests use them. */

const MEMORY_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** Bytes of a memory quantity (`320Mi`, `1Gi`, `500M`), or undefined when it is not one. */
export function memoryBytes(quantity: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(k|M|G|Ki|Mi|Gi)?$/.exec(quantity ?? "");
  return match === null ? undefined : Number(match[1]) * MEMORY_UNITS[match[2] ?? ""]!;
}

/** Millicores of a CPU quantity (`250m`, `1`, `0.5`), or undefined when it is not one. */
export function cpuMillis(quantity: string | number | undefined): number | undefined {
  const text = String(quantity ?? "");
  const match = /^(\d+(?:\.\d+)?)(m)?$/.exec(text);
  if (match === null) return undefined;
  return match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
}

/** The V8 old-space cap in bytes that NODE_OPTIONS sets (`--max-old-space-size=<MiB>`), if it sets one. */
export function maxOldSpaceBytes(nodeOptions: string | undefined): number | undefined {
  const match = /(?:^|\s)--max-old-space-size=(\d+)(?:\s|$)/.exec(nodeOptions ?? "");
  return match === null ? undefined : Number(match[1]) * 1024 ** 2;
}
