/**
 * `@fastify/rate-limit`'s counters on Redis, so one address's requests to every process count
 * together. The plugin's own Redis store wants ioredis (`defineCommand`); this is the same fixed
 * window (INCR, the key's expiry is the window) for the node-redis client the adapter already
 * holds. When Redis does not answer, a process counts on its own for that while, rather than let
 * everything through or answer 500.
 */
import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RedisClient } from './redis-adapter';

const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;
const INCREMENT_SHA = createHash('sha1').update(INCREMENT).digest('hex');
/** Addresses a process keeps while it counts alone (beyond this the oldest windows go). */
const LOCAL_KEYS = 5000;

type Count = { current: number; ttl: number };
type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

/** The same window in this process's memory, for when Redis is away. */
class LocalWindows {
  readonly #windows = new Map<string, { current: number; endsAt: number }>();

  incr(key: string, windowMs: number): Count {
    const now = Date.now();
    let window = this.#windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.#windows.size >= LOCAL_KEYS) this.#windows.delete(this.#windows.keys().next().value!);
      window = { current: 0, endsAt: now + windowMs };
      this.#windows.delete(key);
      this.#windows.set(key, window);
    }
    window.current++;
    return { current: window.current, ttl: window.endsAt - now };
  }
}

async function incrementOn(redis: RedisClient, key: string, windowMs: number): Promise<Count> {
  const options = { keys: [key], arguments: [String(windowMs)] };
  let reply: unknown;
  try {
    reply = await redis.evalSha(INCREMENT_SHA, options);
  } catch (error) {
    if (!String(error).includes('NOSCRIPT')) throw error;
    reply = await redis.eval(INCREMENT, options);
  }
  const [current, ttl] = reply as [number, number];
  return { current, ttl };
}

/**
 * A store class for `@fastify/rate-limit`'s `store` option, counting under `<prefix>:rate:`.
 * `client` is read at each request (Redis connects after the plugin is registered).
 */
export function redisRateLimitStore(client: () => RedisClient | null, prefix: string): FastifyRateLimitStoreCtor {
  class RedisCounters implements FastifyRateLimitStore {
    readonly #key: string;
    readonly #local = new LocalWindows();

    constructor(_options: object, key = `${prefix}:rate:`) {
      this.#key = key;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const redis = client();
      if (!redis?.isReady) {
        callback(null, this.#local.incr(key, timeWindow));
        return;
      }
      incrementOn(redis, this.#key + key, timeWindow).then(
        (count) => callback(null, count),
        () => callback(null, this.#local.incr(key, timeWindow)),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the route as `routeInfo` (its types say otherwise); its RedisStore reads the same.
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new RedisCounters({}, `${this.#key}${String(route.method ?? '')}${String(route.url ?? '')}:`);
    }
  }
  return RedisCounters;
}
