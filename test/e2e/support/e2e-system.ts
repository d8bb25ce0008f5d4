import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { launchSystem, type RunningSystem } from "../../../scripts/launcher/launch-system.js";
import type { ProcessName, ServiceName, TracingPlan } from "../../../scripts/launcher/system-processes.js";

/** What an end-to-end test file starts once. */
export interface E2eSystemOptions {
  /** PostgreSQL URL per service; without one a service runs on PGlite under a fresh temporary folder. */
  readonly databaseUrls?: Partial<Record<ServiceName, string>>;
  /** Mobile BFF accepts only its trusted documents. @default false */
  readonly mobileTrustedDocumentsOnly?: boolean;
  /** Instances per service (each needs its PostgreSQL URL). @default one each */
  readonly replicas?: Partial<Record<ServiceName, number>>;
  /** Log level of every process; "info" keeps the access and per-call lines. @default "warn" */
  readonly logLevel?: string;
  /** Every process exports its spans over OTLP/HTTP. @default off */
  readonly tracing?: TracingPlan;
}

/** One JSON log line of one process instance, as written. */
export interface LogRecord {
  /** "bff-web", "catalog", "catalog-2"… */
  readonly instance: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The whole system on free ports, its captured logs and a stop that always cleans up. */
export interface E2eSystem {
  readonly system: RunningSystem;
  /** Where the services keep their PGlite data (removed by {@link E2eSystem.close}). */
  readonly dataDir: string;
  /** The last `lines` log lines of all processes, prefixed with the process name. */
  logTail(lines?: number): string;
  /** The JSON lines of every process kept so far (the last 20,000), oldest first. */
  logRecords(): readonly LogRecord[];
  /** Stops every process (BFFs first) and removes the data folder; safe to call twice. */
  close(): Promise<void>;
}

/** Keeps the last lines written to it, for a failure report. */
class LogTail extends Writable {
  private readonly lines: string[] = [];

  constructor(private readonly limit: number) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    for (const line of String(chunk).split("\n")) {
      if (line === "") continue;
      this.lines.push(line);
      if (this.lines.length > this.limit) this.lines.shift();
    }
    done();
  }

  tail(count: number): string {
    return this.lines.slice(-count).join("\n");
  }

  /** The kept lines that are JSON objects, split into the instance prefix and the parsed fields. */
  records(): LogRecord[] {
    const records: LogRecord[] = [];
    for (const line of this.lines) {
      const bar = line.indexOf("| ");
      if (bar < 0 || line[bar + 2] !== "{") continue;
      try {
        records.push({ instance: line.slice(0, bar).trim(), fields: JSON.parse(line.slice(bar + 2)) as Record<string, unknown> });
      } catch {
        // a line that only starts like JSON (a stack trace, say): not a log record
      }
    }
    return records;
  }
}

/**
 * Starts users, catalog, orders, bff-web and bff-mobile as separate processes on free ports with a
 * fresh temporary data folder (each service seeds the demo data on this first start). Logs go to
 * memory, not to the test output; a crash of a process nobody stopped is recorded in {@link crashes}.
 */
export async function startE2eSystem(options: E2eSystemOptions = {}): Promise<E2eSystem & { readonly crashes: readonly string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), "shop-e2e-"));
  const logs = new LogTail(20_000);
  const crashes: string[] = [];
  let system: RunningSystem;
  try {
    system = await launchSystem({
      ports: "free",
      dataDir,
      databaseUrls: options.databaseUrls ?? {},
      ...(options.replicas ? { replicas: options.replicas } : {}),
      mobileTrustedDocumentsOnly: options.mobileTrustedDocumentsOnly ?? false,
      ...(options.tracing ? { tracing: options.tracing } : {}),
      logLevel: options.logLevel ?? "warn",
      output: logs,
      readyTimeoutMs: 240_000,
      onCrash: (_name: ProcessName, code, signal, instance) => crashes.push(`${instance} exited (code ${code}, signal ${signal})`),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`the system did not start: ${error instanceof Error ? error.message : String(error)}\n${logs.tail(60)}`);
  }
  let closed: Promise<void> | undefined;
  return {
    system,
    dataDir,
    crashes,
    logTail: (lines = 60) => logs.tail(lines),
    logRecords: () => logs.records(),
    close: () => {
      closed ??= system.stop().finally(() => rmSync(dataDir, { recursive: true, force: true }));
      return closed;
    },
  };
}
