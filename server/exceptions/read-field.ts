/** Reads a dotted path (`byGate.huuNghi.trucksWaiting`) in a topic's payload, as dashboards name fields. */
export function readPath(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function readNumber(value: unknown, path: string): number | null {
  const found = readPath(value, path);
  return typeof found === 'number' && Number.isFinite(found) ? found : null;
}
