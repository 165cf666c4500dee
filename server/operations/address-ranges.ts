/** Whether an address lies in one of the configured CIDR ranges (IPv4, IPv6, IPv4-mapped IPv6). */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const lists = new Map<string, BlockList>();

/** An address as the family it is: a dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d. */
export function plainAddress(ip: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const address = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip;
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  return type === null ? null : { address, type };
}

function listOf(ranges: readonly string[]): BlockList {
  const key = ranges.join(',');
  let list = lists.get(key);
  if (list) return list;
  if (lists.size > 16) lists.clear(); // only config reloads make new ones
  list = new BlockList();
  for (const range of ranges) {
    const [address = '', bits = ''] = range.split('/');
    const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
    const prefix = Number(bits);
    // The schema's pattern lets `/99` through: such a range allows nothing rather than failing a request.
    if (type && bits !== '' && Number.isInteger(prefix) && prefix <= (type === 'ipv4' ? 32 : 128))
      list.addSubnet(address, prefix, type);
  }
  lists.set(key, list);
  return list;
}

export function addressAllowed(ip: string, ranges: readonly string[]): boolean {
  const plain = plainAddress(ip);
  return plain !== null && listOf(ranges).check(plain.address, plain.type);
}
