/** Whether an address lies in one of the configured CIDR ranges (IPv4, IPv6, IPv4-mapped IPv6). */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const lists = new Map<string, BlockList>();

function listOf(ranges: readonly string[]): BlockList {
  const key = ranges.join(',');
  let list = lists.get(key);
  if (list) return list;
  if (lists.size > 16) lists.clear(); // only config reloads make new ones
  list = new BlockList();
  for (const range of ranges) {
    const [address = '', bits = ''] = range.split('/');
    const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
    if (type) list.addSubnet(address, Number(bits), type);
  }
  lists.set(key, list);
  return list;
}

export function addressAllowed(ip: string, ranges: readonly string[]): boolean {
  // A socket on a dual-stack server reports an IPv4 client as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  return type !== null && listOf(ranges).check(address, type);
}
