/**
 * Socket.IO across processes on Redis (`IOC_REDIS_URL`): `@socket.io/redis-streams-adapter`
 * forwards room broadcasts (a screen's new setup, disconnecting a revoked screen) through a Redis
 * stream, which a process that loses Redis for a moment resumes from where it stopped (a plain
 * PUB/SUB adapter would drop what was published meanwhile). Inter-server messages
 * (`serverSideEmit`) go over PUB/SUB: topic deltas travel so, each with its seq, and a follower
 * that misses one takes the leader's state again (`topic-relay.ts`).
 */
import { createClient } from 'redis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IocServer } from '../realtime/socket-gateway';

export interface RedisOptions {
  /** `redis://host:6379` */
  url: string;
  /** Put before every key and channel (several systems, or test runs, on one Redis). */
  prefix?: string;
}

export type RedisClient = ReturnType<typeof createClient>;

/** Connects and puts the adapter on `io`; returns the client (closed by the caller, after `io`). */
export async function useRedisAdapter(io: IocServer, options: RedisOptions, onError: (error: Error) => void) {
  const client: RedisClient = createClient({ url: options.url });
  // node-redis reconnects by itself; an error event without a listener would crash the process.
  client.on('error', onError);
  await client.connect();
  const prefix = options.prefix ?? 'ioc';
  io.adapter(
    createAdapter(client, {
      streamName: `${prefix}:socket.io`,
      channelPrefix: `${prefix}:socket.io`,
      sessionKeyPrefix: `${prefix}:sio:session:`,
      // Topic deltas are JSON only: no scan for binary attachments.
      onlyPlaintext: true,
      // How long a stream read blocks: also how long a closing process waits for its reader.
      blockTimeInMs: 1000,
    }),
  );
  return client;
}
