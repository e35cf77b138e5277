/**
 * Whether a URL or a listening address points at this machine, decided by parsing the address the way
 * a client resolves it, not by matching its text: `127.1`, `0x7f.0.0.1`, `2130706433`, `0.0.0.0`,
 * `[::ffff:127.0.0.1]`, `[0:0:0:0:0:0:0:1]` and `localhost.` all reach this machine, and a regex on
 * `127.x.x.x` / `[::1]` / `localhost` let every one of them through.
 */

type Kind = "loopback" | "unspecified" | "other";

/** True when a URL leads to this machine: a loopback address or name, or the unspecified address (connecting to 0.0.0.0 reaches this machine). */
export function isLoopbackUrl(url: string): boolean {
  return URL.canParse(url) && kindOf(new URL(url).hostname) !== "other";
}

/**
 * True when a listening address (`HOST`: a name, an IPv4 or IPv6 address, bracketed or not) is reachable
 * from this machine only. The unspecified address (0.0.0.0, ::) listens on every interface: not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const url = `http://${bracketed}/`;
  return URL.canParse(url) && kindOf(new URL(url).hostname) === "loopback";
}

/** Of a WHATWG-normalized hostname: IPv4 always dotted-quad decimal, IPv6 bracketed and compressed, names lower-cased. */
function kindOf(hostname: string): Kind {
  if (hostname.startsWith("[")) return ipv6Kind(hostname.slice(1, -1));
  const v4 = ipv4(hostname);
  if (v4) return ipv4Kind(v4);
  // Names resolve as the system resolves them; RFC 6761 reserves localhost and *.localhost for loopback.
  const name = hostname.replace(/\.+$/, "");
  return name === "localhost" || name.endsWith(".localhost") ? "loopback" : "other";
}

function ipv4(hostname: string): number[] | undefined {
  const parts = hostname.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

// 127.0.0.0/8 is loopback; 0.0.0.0/8 is "this host" (0.0.0.0 the unspecified address).
const ipv4Kind = (octets: number[]): Kind =>
  octets[0] === 127 ? "loopback" : octets[0] === 0 ? "unspecified" : "other";

function ipv6Kind(address: string): Kind {
  const groups = expandIpv6(address);
  if (!groups) return "other";
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(7) && groups[7] === 1) return "loopback"; // ::1
  if (zeros(8)) return "unspecified"; // ::
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d): the IPv4 address decides.
  if (zeros(5) && (groups[5] === 0xffff || groups[5] === 0)) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return ipv4Kind([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  return "other";
}

/** The eight 16-bit groups of an IPv6 address in hex form (as the URL parser writes it), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const parse = (s: string) =>
    s === "" ? [] : s.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}
