import type { Readable } from "node:stream";
import { createInterface } from "node:readline";

const COLOURS = [36, 35, 33, 32, 34, 31];

/** Copies each line of a child's output to ours with a short coloured prefix. */
export function pipeWithPrefix(stream: Readable, name: string, index: number, out: NodeJS.WritableStream, colour: boolean): void {
  const width = 10;
  const label = name.padEnd(width).slice(0, width);
  const prefix = colour ? `\u001b[${COLOURS[index % COLOURS.length]}m${label}\u001b[0m| ` : `${label}| `;
  createInterface({ input: stream }).on("line", (line) => out.write(`${prefix}${line}\n`));
}
