import "server-only";
import { BlockList, isIP } from "node:net";
import dns from "node:dns";

/**
 * Where a receiver may be, in production: not this machine, not the private network the portal runs in
 * (a registered URL must not become a way to reach internal services), decided on the address the
 * connection actually uses. The check runs inside the connection's own DNS lookup (`guardedLookup`), so a
 * name that resolves to a public address at registration and to an internal one later (DNS rebinding) is
 * refused at the send itself. Locally every address is allowed: the tests' receiver is on loopback.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services among them
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3], // multicast and reserved, broadcast included
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127], // unspecified and loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** Whether an IP address (v4 or v6, IPv4-mapped included) is one a receiver may not have in production. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(address, "ipv6");
}

export class RefusedAddressError extends Error {
  readonly code = "EREFUSEDADDRESS";
  constructor(host: string) {
    super(`${host} resolves to an address on this machine or a private network; receivers must be public.`);
    this.name = "RefusedAddressError";
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** dns.lookup for node:http's `lookup` option that fails the connection when any address is internal. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => isInternalAddress(a.address)))
      return callback(new RefusedAddressError(hostname), []);
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

/** The problem with a URL's host in production, resolved now (registration), or undefined when it is public. */
export async function publicHostProblem(url: string): Promise<string | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return isInternalAddress(host) ? new RefusedAddressError(host).message : undefined;
  try {
    const addresses = await dns.promises.lookup(host, { all: true });
    return addresses.some((a) => isInternalAddress(a.address)) ? new RefusedAddressError(host).message : undefined;
  } catch {
    return `${host} does not resolve: check the name.`;
  }
}
