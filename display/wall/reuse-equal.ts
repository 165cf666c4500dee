/**
 * A new setup from the server with every part that did not change replaced by the object the page
 * already draws from. Widgets then get new props only where something really changed, rather
 * than equal copies that set their effects running again for nothing.
 */
export function reuseEqual<T>(previous: unknown, next: T): T {
  if (previous === next) return next;
  if (JSON.stringify(previous) === JSON.stringify(next)) return previous as T;
  if (Array.isArray(previous) && Array.isArray(next))
    return next.map((item, index) => reuseEqual(previous[index], item)) as T;
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isObject(previous) && isObject(next)) {
    return Object.fromEntries(Object.entries(next).map(([key, value]) => [key, reuseEqual(previous[key], value)])) as T;
  }
  return next;
}

const ids = new WeakMap<object, number>();
let lastId = 0;

/** A number that changes when (and only when) the object is another one. */
export function identityOf(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = ++lastId;
    ids.set(value, id);
  }
  return id;
}
