import { describe, expect, it } from "vitest";
import { arrivedOverTls, clientIpOf, ipLimitKey, MAX_FORWARDED_HEADER_CHARS, UNKNOWN_CLIENT_IP, type ArrivedRequest } from "./client-ip.js";

const request = (remoteAddress: string | undefined, headers: ArrivedRequest["headers"] = {}, encrypted?: boolean): ArrivedRequest => ({
  socket: { remoteAddress, ...(encrypted === undefined ? {} : { encrypted }) },
  headers,
});

describe("clientIpOf", () => {
  it("when no proxy is trusted, then the socket's peer is the client whatever X-Forwarded-For says", () => {
    expect(clientIpOf(request("203.0.113.9", { "x-forwarded-for": "198.51.100.1" }), 0)).toBe("203.0.113.9");
  });

  it("when one proxy is trusted, then the rightmost X-Forwarded-For entry (what that proxy saw) is the client, not what the client wrote left of it", () => {
    const forged = request("10.0.0.2", { "x-forwarded-for": "1.1.1.1, 198.51.100.7" });
    expect(clientIpOf(forged, 1)).toBe("198.51.100.7");
  });

  it("when two proxies are trusted, then the second entry from the right is the client", () => {
    expect(clientIpOf(request("10.0.0.3", { "x-forwarded-for": "1.1.1.1, 198.51.100.7, 10.0.0.2" }), 2)).toBe("198.51.100.7");
  });

  it("when the header has fewer entries than trusted hops, then its leftmost entry is taken", () => {
    expect(clientIpOf(request("10.0.0.3", { "x-forwarded-for": "198.51.100.7" }), 3)).toBe("198.51.100.7");
  });

  it("when a trusted proxy sent no header, then the socket's peer is the client", () => {
    expect(clientIpOf(request("10.0.0.2"), 1)).toBe("10.0.0.2");
  });

  it("when the chosen entry is garbage, then the header is ignored", () => {
    for (const value of ["not-an-ip", "999.1.1.1", "1.2.3.4; DROP", "", "<script>", "1.2.3.4.5"]) {
      expect(clientIpOf(request("10.0.0.2", { "x-forwarded-for": value }), 1)).toBe("10.0.0.2");
    }
  });

  it("when the header is longer than any proxy chain, then it is ignored", () => {
    const long = `${"198.51.100.1, ".repeat(MAX_FORWARDED_HEADER_CHARS / 10)}198.51.100.7`;
    expect(long.length).toBeGreaterThan(MAX_FORWARDED_HEADER_CHARS);
    expect(clientIpOf(request("10.0.0.2", { "x-forwarded-for": long }), 1)).toBe("10.0.0.2");
  });

  it("when entries carry ports or brackets, or the header came twice, then the address is still found", () => {
    expect(clientIpOf(request("10.0.0.2", { "x-forwarded-for": "198.51.100.7:5123" }), 1)).toBe("198.51.100.7");
    expect(clientIpOf(request("10.0.0.2", { "x-forwarded-for": "[2001:DB8::7]:443" }), 1)).toBe("2001:db8::7");
    expect(clientIpOf(request("10.0.0.2", { "x-forwarded-for": ["1.1.1.1", "198.51.100.8"] as unknown as string }), 1)).toBe("198.51.100.8");
  });

  it("when the socket is IPv4 mapped into IPv6, then the plain IPv4 address is given; without an address, unknown", () => {
    expect(clientIpOf(request("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientIpOf(request(undefined), 0)).toBe(UNKNOWN_CLIENT_IP);
  });
});

describe("arrivedOverTls", () => {
  it("when the socket is TLS, then yes; when plain and no proxy is trusted, then no whatever X-Forwarded-Proto says", () => {
    expect(arrivedOverTls(request("10.0.0.2", {}, true), 0)).toBe(true);
    expect(arrivedOverTls(request("10.0.0.2", { "x-forwarded-proto": "https" }), 0)).toBe(false);
  });

  it("when a trusted proxy says https, then yes; http or garbage, then no", () => {
    expect(arrivedOverTls(request("10.0.0.2", { "x-forwarded-proto": "https" }), 1)).toBe(true);
    expect(arrivedOverTls(request("10.0.0.2", { "x-forwarded-proto": "HTTPS" }), 1)).toBe(true);
    expect(arrivedOverTls(request("10.0.0.2", { "x-forwarded-proto": "http" }), 1)).toBe(false);
    expect(arrivedOverTls(request("10.0.0.2", { "x-forwarded-proto": "https, http" }), 1)).toBe(false);
    expect(arrivedOverTls(request("10.0.0.2", { "x-forwarded-proto": "x".repeat(5000) }), 1)).toBe(false);
  });
});

describe("ipLimitKey", () => {
  it("when the address is IPv4, then it is its own key", () => {
    expect(ipLimitKey("198.51.100.7")).toBe("198.51.100.7");
  });

  it("when addresses share an IPv6 /64, then they share a key; another /64 has another", () => {
    expect(ipLimitKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:db8:1:2:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:0db8:0001:0002::9")).toBe("2001:db8:1:2::/64");
    expect(ipLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(ipLimitKey("::1")).toBe("0:0:0:0::/64");
  });

  it("when the text is not an address, then it is kept as it is", () => {
    expect(ipLimitKey(UNKNOWN_CLIENT_IP)).toBe(UNKNOWN_CLIENT_IP);
  });
});
