import { createLogger, type Logger } from "@shop/grpc-runtime";

/** The runtime's logger, its JSON lines kept in `lines` for the test. */
export function keptLogLines(name: string): { readonly logger: Logger; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger(name, { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}
