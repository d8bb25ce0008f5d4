import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

/** What {@link clientIpOf} reads of a Node request. */
export interface ArrivedRequest {
  readonly socket: { readonly remoteAddress?: string | undefined; readonly encrypted?: boolean };
  readonly headers: IncomingHttpHeaders;
}

/** The address of a request whose socket has none left (closed before it was read). */
export const UNKNOWN_CLIENT_IP = "unknown";

/** Longer `X-Forwarded-For` / `X-Forwarded-Proto` headers are ignored as hostile (no proxy chain is that long). */
export const MAX_FORWARDED_HEADER_CHARS = 1024;

/**
 * The client's address. By default the socket's peer: with `trustProxyHops` = 0 nothing the client
 * sends is believed. Behind n trusted proxies (`TRUST_PROXY_HOPS`=n), each appends the address it
 * got the request from to `X-Forwarded-For`, so the client is the n-th entry from the right;
 * entries left of it are whatever the client wrote. A header that is too long, or whose chosen
 * entry is not an IP address, is ignored (the socket's peer is used). IPv4-mapped IPv6 addresses
 * are given as IPv4.
 */
export function clientIpOf(request: ArrivedRequest, trustProxyHops: number): string {
  const peer = normalizedIp(request.socket.remoteAddress ?? "") ?? UNKNOWN_CLIENT_IP;
  if (trustProxyHops <= 0) return peer;
  const forwarded = trustedEntry(request.headers["x-forwarded-for"], trustProxyHops);
  return (forwarded === undefined ? undefined : normalizedIp(stripPort(forwarded))) ?? peer;
}

/**
 * True when the client's request arrived over TLS: on this socket, or, behind trusted proxies,
 * per the `X-Forwarded-Proto` the nearest trusted proxies set (same hop rule as
 * {@link clientIpOf}). What decides whether HSTS is sent.
 */
export function arrivedOverTls(request: ArrivedRequest, trustProxyHops: number): boolean {
  if (request.socket.encrypted === true) return true;
  if (trustProxyHops <= 0) return false;
  return trustedEntry(request.headers["x-forwarded-proto"], trustProxyHops)?.toLowerCase() === "https";
}

/**
 * The key an address is limited by: an IPv4 address itself; for IPv6 its /64 network, since one
 * subscriber usually gets a whole /64 and could otherwise take a fresh address per attempt.
 */
export function ipLimitKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip);
  return groups === undefined ? ip : `${groups.slice(0, 4).join(":")}::/64`;
}

/** The entry `hops` from the right of a comma-separated forwarding header (the leftmost when it has fewer). */
function trustedEntry(header: string | string[] | undefined, hops: number): string | undefined {
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text === undefined || text.length === 0 || text.length > MAX_FORWARDED_HEADER_CHARS) return undefined;
  const entries = text.split(",").map((entry) => entry.trim());
  return entries[Math.max(0, entries.length - hops)];
}

/** `1.2.3.4:5678` → `1.2.3.4`, `[2001:db8::1]:443` → `2001:db8::1`; anything else as it is. */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

/** The address in canonical text (IPv4-mapped IPv6 as IPv4, IPv6 lower-case), or undefined when it is none. */
function normalizedIp(text: string): string | undefined {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  const candidate = mapped ? mapped[1]! : text;
  const family = isIP(candidate);
  if (family === 0) return undefined;
  return family === 6 ? candidate.toLowerCase() : candidate;
}

/** The eight 16-bit groups of an IPv6 address (hex, no leading zeros), or undefined. */
function expandIpv6(ip: string): string[] | undefined {
  const withoutZone = ip.split("%", 1)[0]!;
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) takes two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(withoutZone);
  let text = withoutZone;
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${withoutZone.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  return groups.map((group) => (Number.parseInt(group, 16) || 0).toString(16));
}
