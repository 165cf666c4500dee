/**
 * Where the server may send a webhook. An admin gives the URL; the server makes the request from
 * inside the city's network. Without a rule, a URL could make the server probe that network for
 * whoever holds an admin session: the database on 127.0.0.1:5432, a camera's web page, the cloud
 * metadata service on 169.254.169.254. So loopback, private, link-local and the other
 * special-purpose ranges are refused unless `config/app.yaml` lists the network
 * (`webhooks.allowedNetworks`, e.g. the SMS gateway's `10.20.0.0/16`); public addresses are allowed.
 *
 * The rule is checked twice: when a subscription is made (a clear 400 naming `url`), and at each
 * delivery on the address the connection actually uses (`guardedLookup`), since a name can resolve
 * to a public address at creation and to 127.0.0.1 later (DNS rebinding).
 */
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { addressAllowed, plainAddress } from '../operations/address-ranges';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

export interface Refusal {
  en: string;
  vi: string;
}

/** Special-purpose ranges (RFC 6890 and its IPv6 kin): none of them is a gateway on the internet. */
const SPECIAL_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, the cloud metadata service
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const SPECIAL_V6: ReadonlyArray<[string, number]> = [
  ['::', 96], // unspecified, loopback (::1) and the old IPv4-compatible form
  ['::ffff:0:0', 96], // IPv4-mapped, as the URL parser writes [::ffff:127.0.0.1]: ::ffff:7f00:1
  ['64:ff9b::', 96], // NAT64: an IPv4 address inside
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];

// One list per family: a BlockList checks an IPv4 address against IPv6 rules too, as ::ffff:a.b.c.d,
// so the rule on mapped addresses would refuse every IPv4 address.
const special = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [network, prefix] of SPECIAL_V4) special.ipv4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of SPECIAL_V6) special.ipv6.addSubnet(network, prefix, 'ipv6');

/** Why the server may not connect to `address` (an IP address), or null when it may. */
export function addressRefusal(address: string, allowedNetworks: readonly string[]): Refusal | null {
  const plain = plainAddress(address);
  if (plain === null) return { en: `${address} is not an IP address`, vi: `${address} không phải địa chỉ IP` };
  if (!special[plain.type].check(plain.address, plain.type) || addressAllowed(plain.address, allowedNetworks))
    return null;
  return {
    en: `${plain.address} is a loopback, private or reserved address; list its network in webhooks.allowedNetworks (config/app.yaml) to send there`,
    vi: `${plain.address} là địa chỉ nội bộ, loopback hoặc dành riêng; thêm mạng của nó vào webhooks.allowedNetworks (config/app.yaml) để gửi tới đó`,
  };
}

export type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemLookup: Lookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** The URL's host as an address to connect to: `[::1]` → `::1`. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Why a webhook may not go to `url` now: its host is, or resolves to, an address the rule refuses
 * (every address it resolves to is judged), or it does not resolve at all.
 */
export async function destinationRefusal(
  url: URL,
  allowedNetworks: readonly string[],
  lookup: Lookup = systemLookup,
): Promise<Refusal | null> {
  const host = hostOf(url);
  if (isIP(host) !== 0) return addressRefusal(host, allowedNetworks);
  const addresses = await new Promise<LookupAddress[] | null>((resolve) =>
    lookup(host, { all: true }, (error, found) => resolve(error ? null : found)),
  );
  if (!addresses || addresses.length === 0)
    return { en: `the host ${host} does not resolve`, vi: `không phân giải được tên máy ${host}` };
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, allowedNetworks);
    if (refusal) return refusal;
  }
  return null;
}

/** The error a guarded connection fails with; its message says which address and why. */
class DestinationRefused extends Error {
  readonly code = 'IOC_DESTINATION_REFUSED';
}

/**
 * A `lookup` for `http.request` that resolves as the system does and refuses an address the rule
 * refuses: the connection is made only to an address that was judged. Node calls it with
 * `{ all: true }` (trying each address in turn) or without (one address).
 */
export function guardedLookup(allowedNetworks: readonly string[], lookup: Lookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '');
      for (const { address } of addresses) {
        const refusal = addressRefusal(address, allowedNetworks);
        if (refusal) return callback(new DestinationRefused(refusal.en), options.all ? [] : '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new DestinationRefused(`the host ${hostname} does not resolve`), '');
      callback(null, first.address, first.family);
    });
  };
}
