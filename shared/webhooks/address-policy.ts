/**
 * Which network addresses a webhook may reach. A tenant admin chooses the URL,
 * so without this rule the service would be a proxy into its own network: the
 * instance metadata service, a VPC peer, a database on loopback. Every address a
 * destination resolves to must be a public unicast address; one blocked address
 * refuses the whole destination (a resolver that answers a public and a private
 * address is an attack, not a fallback).
 *
 * IPv4-mapped, NAT64, 6to4 and Teredo IPv6 addresses carry an IPv4 address that
 * the network may route to, so they are refused whole rather than decoded.
 */
import { BlockList, isIP } from 'node:net';

// One list per family: a BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules,
// so one shared list would block every IPv4 address through `::ffff:0:0/96`.
const blocked4 = new BlockList();
const blocked6 = new BlockList();

for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['169.254.0.0', 16], // link-local, 169.254.169.254 (instance metadata) included
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast included
] as const)
  blocked4.addSubnet(net, prefix, 'ipv4');

for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local, fd00:ec2::254 (instance metadata) included
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked6.addSubnet(net, prefix, 'ipv6');

const loopback6 = new BlockList();
loopback6.addAddress('::1', 'ipv6');

export type AddressVerdict = 'public' | 'loopback' | 'blocked';

/** How `address` (an IP literal) may be used; anything that is not an IP literal is `blocked`. */
export function classifyAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 0) return 'blocked';
  if (family === 4) {
    if (address.startsWith('127.')) return 'loopback';
    return blocked4.check(address, 'ipv4') ? 'blocked' : 'public';
  }
  // `::ffff:127.0.0.1` reaches loopback too, but it is refused with every IPv4-mapped address.
  if (loopback6.check(address, 'ipv6')) return 'loopback';
  return blocked6.check(address, 'ipv6') ? 'blocked' : 'public';
}

/** Whether a webhook may connect to `address`: public, or loopback when the deployment allows it (the local stack). */
export function mayConnectTo(address: string, options: { allowLoopback: boolean }): boolean {
  const verdict = classifyAddress(address);
  return verdict === 'public' || (verdict === 'loopback' && options.allowLoopback);
}
