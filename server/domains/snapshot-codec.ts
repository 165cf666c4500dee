/**
 * Aggregator state to JSON and back, for snapshots (`Aggregator.snapshot`/`restore`).
 *
 * Aggregators keep their state in Maps, Sets and plain objects, and the same object is often held
 * in several of them (a report in `reports` and in its ward's set, a dossier in `pending` and in
 * `overdueSet`); restoring copies would split one object into several and let them drift. So the
 * codec keeps identity: each container gets a number on first sight, later sights refer to it.
 * Non-finite numbers and `undefined` survive too (`nextDeadline = Infinity`). Anything else (a
 * class instance, a function) is refused: its domain must say how to snapshot it.
 */

/** A snapshot's JSON: what `encodeState` gives and `decodeState` takes. */
export type EncodedState = unknown;

type Container = object;

function encodeState(root: unknown): EncodedState {
  const ids = new Map<Container, number>();
  const encode = (value: unknown, path: string): unknown => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : { $n: String(value) };
    if (value === undefined) return { $u: 1 };
    if (typeof value !== 'object') throw new Error(`snapshot: cannot encode ${typeof value} at ${path}`);
    const seen = ids.get(value);
    if (seen !== undefined) return { $r: seen };
    const id = ids.size;
    ids.set(value, id);
    if (Array.isArray(value)) return { $i: id, $a: value.map((item, index) => encode(item, `${path}[${index}]`)) };
    if (value instanceof Map) {
      return {
        $i: id,
        $m: [...value].map(([key, item]) => [encode(key, `${path}.key`), encode(item, `${path}.get(${String(key)})`)]),
      };
    }
    if (value instanceof Set) return { $i: id, $s: [...value].map((item) => encode(item, `${path}.item`)) };
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`snapshot: cannot encode a class instance at ${path}`);
    }
    const fields: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) fields[key] = encode(item, `${path}.${key}`);
    return { $i: id, $o: fields };
  };
  return encode(root, '$');
}

/**
 * Decodes a snapshot. `anchors`: the live containers of the root's fields (a closure's `const`
 * Maps and objects): they are emptied and refilled instead of replaced, so that everything else
 * holding them (a report's account holds the city's counting cell) keeps holding the live one.
 */
function decodeState<T>(encoded: EncodedState, anchors?: object): T {
  const byId = new Map<number, unknown>();
  const reuse = anchorsById(encoded, anchors);
  const container = <C>(id: number, fresh: () => C): C => {
    const anchor = reuse.get(id);
    if (anchor === undefined) return fresh();
    if (anchor instanceof Map || anchor instanceof Set) anchor.clear();
    else if (Array.isArray(anchor)) anchor.length = 0;
    else for (const key of Object.keys(anchor)) delete (anchor as Record<string, unknown>)[key];
    return anchor as C;
  };
  const decode = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const tagged = value as Record<string, unknown>;
    if ('$n' in tagged) return Number(tagged.$n);
    if ('$u' in tagged) return undefined;
    if ('$r' in tagged) {
      if (!byId.has(tagged.$r as number)) throw new Error(`snapshot: reference ${String(tagged.$r)} before its object`);
      return byId.get(tagged.$r as number);
    }
    const id = tagged.$i as number;
    if ('$a' in tagged) {
      const array = container<unknown[]>(id, () => []);
      byId.set(id, array);
      for (const item of tagged.$a as unknown[]) array.push(decode(item));
      return array;
    }
    if ('$m' in tagged) {
      const map = container(id, () => new Map<unknown, unknown>());
      byId.set(id, map);
      for (const [key, item] of tagged.$m as Array<[unknown, unknown]>) map.set(decode(key), decode(item));
      return map;
    }
    if ('$s' in tagged) {
      const set = container(id, () => new Set<unknown>());
      byId.set(id, set);
      for (const item of tagged.$s as unknown[]) set.add(decode(item));
      return set;
    }
    if ('$o' in tagged) {
      const object = container<Record<string, unknown>>(id, () => ({}));
      byId.set(id, object);
      for (const [key, item] of Object.entries(tagged.$o as Record<string, unknown>)) object[key] = decode(item);
      return object;
    }
    throw new Error('snapshot: unknown tag');
  };
  return decode(encoded) as T;
}

/** The encoded ids of the root's fields whose live container is given, with that container. */
function anchorsById(encoded: EncodedState, anchors: object | undefined): Map<number, object> {
  const byId = new Map<number, object>();
  if (!anchors || encoded === null || typeof encoded !== 'object' || !('$o' in encoded)) return byId;
  const fields = (encoded as { $o: Record<string, unknown> }).$o;
  for (const [key, live] of Object.entries(anchors)) {
    const field = fields[key] as { $i?: number; $r?: number } | undefined;
    const id = field?.$i ?? field?.$r;
    if (id !== undefined && live !== null && typeof live === 'object') byId.set(id, live);
  }
  return byId;
}

/** Makes `target` hold exactly `source`'s entries (for a `const` Map of a closure). */
export function refill<K, V>(target: Map<K, V>, source: Map<K, V>): void;
export function refill<V>(target: Set<V>, source: Set<V>): void;
export function refill(
  target: Map<unknown, unknown> | Set<unknown>,
  source: Map<unknown, unknown> | Set<unknown>,
): void {
  if (target === source) return; // refilled in place already (an anchor of `decodeState`)
  target.clear();
  if (target instanceof Map) for (const [key, value] of source as Map<unknown, unknown>) target.set(key, value);
  else for (const value of source as Set<unknown>) target.add(value);
}

/**
 * A closure aggregator's snapshotter: `read` gathers its state variables in one object (shared
 * objects stay shared); on restore the containers `read` gives are refilled in place, and `write`
 * gets the decoded state to assign its `let`s (and `refill` what it built fresh in `read`).
 */
export function closureSnapshot<S extends object>(
  version: number,
  read: () => S,
  write: (state: S) => void,
): { version: number; save(): unknown; restore(state: unknown): void } {
  return { version, save: () => encodeState(read()), restore: (json) => write(decodeState<S>(json, read())) };
}
