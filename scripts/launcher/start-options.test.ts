import { describe, expect, it } from "vitest";
import { DEFAULT_POSTGRES_SERVER, parseStartOptions } from "./start-options.js";

describe("npm start options", () => {
  it("when nothing is given, then the system runs embedded on the default ports", () => {
    expect(parseStartOptions([])).toEqual({ help: false, fresh: false, postgresServer: undefined, ports: {}, trustedDocuments: false });
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
});
