import { isIP } from "node:net";

// Which IP addresses an outgoing webhook may reach. Pure, so it is unit-tested on its own. Anything
// that is not a globally routable unicast address is refused: loopback, private (RFC 1918, ULA),
// link-local, CGNAT, multicast, unspecified, reserved, documentation and benchmarking ranges — and the
// same addresses wrapped in IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4).

type V4Range = [base: number, prefix: number, label: string];

const V4_BLOCKED: V4Range[] = [
  [ip4("0.0.0.0"), 8, "unspecified"],
  [ip4("10.0.0.0"), 8, "private"],
  [ip4("100.64.0.0"), 10, "carrier-grade NAT"],
  [ip4("127.0.0.0"), 8, "loopback"],
  [ip4("169.254.0.0"), 16, "link-local"],
  [ip4("172.16.0.0"), 12, "private"],
  [ip4("192.0.0.0"), 24, "reserved"],
  [ip4("192.0.2.0"), 24, "documentation"],
  [ip4("192.88.99.0"), 24, "reserved"],
  [ip4("192.168.0.0"), 16, "private"],
  [ip4("198.18.0.0"), 15, "benchmarking"],
  [ip4("198.51.100.0"), 24, "documentation"],
  [ip4("203.0.113.0"), 24, "documentation"],
  [ip4("224.0.0.0"), 4, "multicast"],
  [ip4("240.0.0.0"), 4, "reserved"],
];

function ip4(text: string): number {
  const parts = text.split(".").map(Number);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function inV4(addr: number, base: number, prefix: number): boolean {
  if (prefix === 0) return true;
  const mask = (~0 << (32 - prefix)) >>> 0;
  return ((addr & mask) >>> 0) === ((base & mask) >>> 0);
}

function classifyV4(addr: number): string | null {
  for (const [base, prefix, label] of V4_BLOCKED) if (inV4(addr, base, prefix)) return label;
  return null;
}

/** Expands an IPv6 literal (with optional embedded dotted quad and zone id) to 8 16-bit groups. */
export function parseIPv6(text: string): number[] | null {
  let s = text.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes(".")) {
    const v4 = ip4(maybeV4);
    tail = [v4 >>> 16, v4 & 0xffff];
    s = s.slice(0, lastColon + 1) + "0:0";
  }
  const [head, rest] = s.includes("::") ? s.split("::") : [s, undefined];
  const headGroups = head ? head.split(":").filter((g) => g !== "") : [];
  const restGroups = rest ? rest.split(":").filter((g) => g !== "") : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array.from({ length: rest === undefined ? 0 : missing }, () => "0"), ...restGroups].map((g) => parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !Number.isFinite(g))) return null;
  if (tail.length) {
    groups[6] = tail[0];
    groups[7] = tail[1];
  }
  return groups;
}

function classifyV6(g: number[]): string | null {
  const allZero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const embedded = (hi: number, lo: number) => ((g[hi] << 16) | g[lo]) >>> 0;
  if (allZero(0, 8)) return "unspecified";
  if (allZero(0, 7) && g[7] === 1) return "loopback";
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible, deprecated): judge the IPv4 inside.
  if (allZero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return classifyV4(embedded(6, 7)) ?? (g[5] === 0 ? "reserved" : null);
  // ::ffff:0:a.b.c.d (IPv4-translated)
  if (allZero(0, 4) && g[4] === 0xffff && g[5] === 0) return classifyV4(embedded(6, 7)) ?? null;
  // 64:ff9b::/96 NAT64 and 64:ff9b:1::/48 local-use NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b) return g[2] === 1 ? "reserved" : classifyV4(embedded(6, 7));
  // 2002::/16 6to4 carries an IPv4 address in bits 16..47
  if (g[0] === 0x2002) return classifyV4(embedded(1, 2));
  if ((g[0] & 0xfe00) === 0xfc00) return "private";
  if ((g[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0] & 0xffc0) === 0xfec0) return "site-local";
  if ((g[0] & 0xff00) === 0xff00) return "multicast";
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "documentation";
  if (g[0] === 0x0100 && allZero(1, 4)) return "discard";
  if (g[0] === 0x2001 && g[1] < 0x200) return "reserved"; // 2001::/23 IETF protocol assignments (Teredo, ORCHID…)
  if (g[0] < 0x2000 || g[0] > 0x3fff) return "reserved"; // only 2000::/3 is global unicast
  return null;
}

/**
 * Why an address may not be reached (e.g. "loopback"), or null when it is a public unicast address.
 * Strings that are not IP addresses are refused too.
 */
export function blockedAddressReason(address: string): string | null {
  const kind = isIP(address.split("%")[0]);
  if (kind === 4) return classifyV4(ip4(address));
  if (kind === 6) {
    const groups = parseIPv6(address);
    return groups ? classifyV6(groups) : "not an IP address";
  }
  return "not an IP address";
}

/** The host as the allowlist stores it: lowercase, no brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}
