import { PEER_KEYS, PEER_LABELS, type PeerKey } from "./peers.js";
import { figureOf, type BenchResults } from "./report.js";

const COLOURS: Record<PeerKey, string> = {
  bff: "#2563eb",
  bffNoMasks: "#93c5fd",
  bffProduction: "#1e3a8a",
  bffTrace01: "#0891b2",
  bffTrace1: "#155e75",
  naive: "#dc2626",
  mesh: "#d97706",
  raw: "#16a34a",
  mobile: "#7c3aed",
};

const escapeXml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A round step (1, 2 or 5 × 10^n) that divides `max` into about five ticks. */
function tickStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/**
 * A grouped bar chart of ops/s per peer at each concurrency, as a standalone SVG (no scripts,
 * no fonts to load). Peers that did not run are left out of the legend.
 */
export function renderChart(results: BenchResults): string {
  const concurrencies = results.settings.concurrencies;
  const peers = PEER_KEYS.filter((p) => concurrencies.some((c) => figureOf(results, p, c)));
  const width = 760;
  const height = 420;
  const plot = { left: 70, right: 20, top: 50, bottom: 90 };
  const plotWidth = width - plot.left - plot.right;
  const plotHeight = height - plot.top - plot.bottom;
  const max = Math.max(1, ...peers.flatMap((p) => concurrencies.map((c) => figureOf(results, p, c)?.opsPerSecond ?? 0)));
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (value: number) => plot.top + plotHeight - (value / top) * plotHeight;
  const groupWidth = plotWidth / concurrencies.length;
  const barWidth = Math.min(40, (groupWidth * 0.8) / Math.max(1, peers.length));

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(
      `Home page ops/s by concurrency (${results.db === "postgres" ? "PostgreSQL" : "PGlite"}, ${results.startedAt.slice(0, 10)})`,
    )}</text>`,
  ];
  for (let tick = 0; tick <= top + step / 2; tick += step) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line x1="${plot.left}" x2="${width - plot.right}" y1="${ty}" y2="${ty}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#374151">${tick.toLocaleString("en-US")}</text>`);
  }
  parts.push(`<text transform="translate(18 ${plot.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#374151">operations per second</text>`);
  concurrencies.forEach((concurrency, gi) => {
    const groupLeft = plot.left + gi * groupWidth + (groupWidth - barWidth * peers.length) / 2;
    peers.forEach((peer, pi) => {
      const value = figureOf(results, peer, concurrency)?.opsPerSecond;
      if (value === undefined) return;
      const x = groupLeft + pi * barWidth;
      const barTop = y(value);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(plot.top + plotHeight - barTop).toFixed(1)}" fill="${COLOURS[peer]}">` +
          `<title>${escapeXml(`${PEER_LABELS[peer]}, concurrency ${concurrency}: ${value.toFixed(1)} ops/s`)}</title></rect>`,
      );
      parts.push(`<text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(barTop - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#111827">${Math.round(value)}</text>`);
    });
    parts.push(`<text x="${(plot.left + (gi + 0.5) * groupWidth).toFixed(1)}" y="${plot.top + plotHeight + 20}" text-anchor="middle" fill="#111827">concurrency ${concurrency}</text>`);
  });
  parts.push(`<line x1="${plot.left}" x2="${width - plot.right}" y1="${plot.top + plotHeight}" y2="${plot.top + plotHeight}" stroke="#6b7280"/>`);
  let legendY = height - 40;
  // Each legend entry as wide as its label (about 6.5 px per character at 12 px); a second row when full.
  let legendX = plot.left - 40;
  for (const peer of peers) {
    if (legendX + 17 + PEER_LABELS[peer].length * 6.5 > width - 10) {
      legendX = plot.left - 40;
      legendY += 20;
    }
    parts.push(`<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[peer]}"/>`);
    parts.push(`<text x="${legendX + 17}" y="${legendY}" fill="#111827">${escapeXml(PEER_LABELS[peer])}</text>`);
    legendX += 17 + Math.ceil(PEER_LABELS[peer].length * 6.5) + 16;
  }
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
