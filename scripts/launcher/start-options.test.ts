import { describe, expect, it } from "vitest";
import { DEFAULT_POSTGRES_SERVER, MAX_REPLICAS, parseStartOptions, START_HELP } from "./start-options.js";

describe("npm start options", () => {
  it("when nothing is given, then the system runs embedded on the default ports, with mutual TLS between the processes", () => {
    expect(parseStartOptions([])).toEqual({
      help: false,
      fresh: false,
      postgresServer: undefined,
      ports: {},
      replicas: {},
      trustedDocuments: false,
      otlpEndpoint: undefined,
      insecure: false,
    });
  });

  it("when --insecure is given, then the processes talk plaintext, and the help says what that gives up", () => {
    expect(parseStartOptions(["--insecure", "--fresh"])).toMatchObject({ insecure: true, fresh: true });
    expect(() => parseStartOptions(["--insecure=yes"])).toThrow(/--insecure/);
    expect(START_HELP).toMatch(/--insecure {14}plaintext gRPC between the processes \(GRPC_INSECURE=true\): a caller is whoever it\n\s+claims to be/);
    expect(START_HELP).toContain(".dev-pki/");
  });

  it("when --postgres is bare, anywhere on the line, then the default server is used", () => {
    expect(parseStartOptions(["--postgres", "--fresh"]).postgresServer).toBe(DEFAULT_POSTGRES_SERVER);
    expect(parseStartOptions(["--fresh", "--postgres"])).toMatchObject({ fresh: true, postgresServer: DEFAULT_POSTGRES_SERVER });
    expect(parseStartOptions(["--postgres=postgres://me@db:6543"]).postgresServer).toBe("postgres://me@db:6543");
  });

  it("when ports are moved, then each is taken by name", () => {
    expect(parseStartOptions(["--port", "bff-web=8080", "--port", "users=6001"]).ports).toEqual({ "bff-web": 8080, users: 6001 });
  });

  it("when an option is wrong, then the message names it", () => {
    expect(() => parseStartOptions(["--port", "bff-web=0"])).toThrow(/--port bff-web=0/);
    expect(() => parseStartOptions(["--port", "gateway=4000"])).toThrow(/NAME one of users/);
    expect(() => parseStartOptions(["--port", "users=12ab"])).toThrow(/PORT 1–65535/);
    expect(() => parseStartOptions(["--port", "users=1=2"])).toThrow(/--port/);
    expect(() => parseStartOptions(["--postgres=mysql://x"])).toThrow(/postgres:\/\//);
    expect(() => parseStartOptions(["--postgres=not a url"])).toThrow(/not a URL/);
    expect(() => parseStartOptions(["--verbose"])).toThrow(/--verbose/);
    expect(() => parseStartOptions(["extra"])).toThrow();
  });

  it("when replicas are asked for, comma-separated or repeated, then each service gets its count", () => {
    expect(parseStartOptions(["--replicas", "catalog=3,orders=2", "--postgres"]).replicas).toEqual({ catalog: 3, orders: 2 });
    expect(parseStartOptions(["--replicas", "catalog=3", "--replicas", "users=2"]).replicas).toEqual({ catalog: 3, users: 2 });
    expect(parseStartOptions(["--replicas=orders=1"]).replicas).toEqual({ orders: 1 });
  });

  it("when a replica count is wrong, then the message names the entry and what is allowed", () => {
    expect(() => parseStartOptions(["--replicas", "catalog=0"])).toThrow(`--replicas catalog=0: N must be 1–${MAX_REPLICAS}, got 0`);
    expect(() => parseStartOptions(["--replicas", "catalog=9"])).toThrow(/N must be 1–8, got 9/);
    expect(() => parseStartOptions(["--replicas", "catalog=99999999999999999999"])).toThrow(/N must be 1–8/);
    expect(() => parseStartOptions(["--replicas", "catalog=-1"])).toThrow(/expected NAME=N/);
    expect(() => parseStartOptions(["--replicas", "catalog=2.5"])).toThrow(/expected NAME=N/);
    expect(() => parseStartOptions(["--replicas", "catalog"])).toThrow(/expected NAME=N/);
    expect(() => parseStartOptions(["--replicas", "catalog=3,"])).toThrow(/expected NAME=N/);
    expect(() => parseStartOptions(["--replicas", "bff-web=2"])).toThrow(/bff-web is a BFF; only users, catalog, orders can have replicas/);
    expect(() => parseStartOptions(["--replicas", "gateway=2"])).toThrow(/unknown service "gateway"/);
    expect(() => parseStartOptions(["--replicas", "catalog=2,catalog=3"])).toThrow(/catalog given twice/);
    expect(() => parseStartOptions(["--replicas", "catalog=2;rm -rf /"])).toThrow(/expected NAME=N/);
  });

  it("when --otlp names an http or https URL, then it is the endpoint every process exports to", () => {
    expect(parseStartOptions(["--otlp", "http://127.0.0.1:4318"]).otlpEndpoint).toBe("http://127.0.0.1:4318");
    expect(parseStartOptions(["--otlp=https://otel.example:4318/base/", "--fresh"])).toMatchObject({ fresh: true, otlpEndpoint: "https://otel.example:4318/base/" });
  });

  it("when --otlp is not an http(s) URL, then the message names it and says what is expected", () => {
    expect(() => parseStartOptions(["--otlp", "localhost:4318"])).toThrow("--otlp localhost:4318: expected an http:// or https:// URL");
    expect(() => parseStartOptions(["--otlp", "127.0.0.1:4318"])).toThrow("--otlp 127.0.0.1:4318: not a URL");
    expect(() => parseStartOptions(["--otlp", "grpc://collector:4317"])).toThrow(/--otlp grpc:\/\/collector:4317: expected an http:\/\/ or https:\/\/ URL/);
    expect(() => parseStartOptions(["--otlp", "not a url"])).toThrow("--otlp not a url: not a URL (expected the OTLP/HTTP receiver's base URL");
    expect(() => parseStartOptions(["--otlp", "http://user:secret@collector:4318"])).toThrow(/OTEL_EXPORTER_OTLP_HEADERS/);
    expect(() => parseStartOptions(["--otlp"])).toThrow(/--otlp/);
  });
});
