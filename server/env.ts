/** The environment variables the server reads, in one place, with their defaults. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './ingest/ingest-error';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ServerEnv {
  port: number;
  host: string;
  dataDir: string;
  configDir: string;
  simulator: boolean;
  simulatorRate: number | undefined;
  logLevel: string;
  /** Addresses of a TLS-terminating proxy whose X-Forwarded-* headers are believed. */
  trustProxy: string | undefined;
  /** The practice space's port (training); null: no practice space on this server. */
  trainingPort: number | null;
  /** `IOC_DATABASE_URL=postgres://…`: the event store on PostgreSQL (default: SQLite in the data folder). */
  databaseUrl: string | undefined;
  /** `IOC_REDIS_URL=redis://…`: with a database URL, several processes form one system. */
  redisUrl: string | undefined;
  /** `IOC_REDIS_PREFIX`: the prefix of every Redis key and channel (default `ioc`). */
  redisPrefix: string | undefined;
  /**
   * `IOC_SHUTDOWN_DRAIN_MS`: on SIGTERM, how long readiness says "closing" while requests are still
   * served, before the server stops accepting (a balancer's health check must notice). Default
   * 2000 with Redis (several processes behind a proxy), 0 alone.
   */
  shutdownDrainMs: number;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InputError({
      field: 'PORT',
      en: `must be a port number, not "${env.PORT}"`,
      vi: `phải là số cổng, không phải "${env.PORT}"`,
    });
  }
  const simulatorSetting = (env.IOC_SIMULATOR ?? 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(simulatorSetting)) {
    throw new InputError({ field: 'IOC_SIMULATOR', en: 'must be on or off', vi: 'phải là on hoặc off' });
  }
  const rate = env.IOC_SIMULATOR_RATE === undefined ? undefined : Number(env.IOC_SIMULATOR_RATE);
  if (rate !== undefined && !(rate > 0 && rate <= 1000)) {
    throw new InputError({
      field: 'IOC_SIMULATOR_RATE',
      en: 'must be a number above 0 and at most 1000',
      vi: 'phải là số lớn hơn 0 và không quá 1000',
    });
  }
  // The practice space listens beside the live system (PORT + 1 by default); `off` for none.
  const trainingSetting = env.IOC_TRAINING_PORT ?? String(port === 0 ? 0 : port + 1);
  const trainingPort = trainingSetting === 'off' ? null : Number(trainingSetting);
  if (trainingPort !== null && (!Number.isInteger(trainingPort) || trainingPort < 0 || trainingPort > 65_535)) {
    throw new InputError({
      field: 'IOC_TRAINING_PORT',
      en: `must be a port number or off, not "${trainingSetting}"`,
      vi: `phải là số cổng hoặc off, không phải "${trainingSetting}"`,
    });
  }
  const databaseUrl = env.IOC_DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new InputError({
      field: 'IOC_DATABASE_URL',
      en: 'must be a postgres:// URL',
      vi: 'phải là địa chỉ postgres://',
    });
  }
  const redisUrl = env.IOC_REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new InputError({ field: 'IOC_REDIS_URL', en: 'must be a redis:// URL', vi: 'phải là địa chỉ redis://' });
  }
  const drainSetting = env.IOC_SHUTDOWN_DRAIN_MS ?? (redisUrl ? '2000' : '0');
  const shutdownDrainMs = Number(drainSetting);
  if (!Number.isInteger(shutdownDrainMs) || shutdownDrainMs < 0 || shutdownDrainMs > 60_000) {
    throw new InputError({
      field: 'IOC_SHUTDOWN_DRAIN_MS',
      en: `must be a whole number of milliseconds from 0 to 60000, not "${drainSetting}"`,
      vi: `phải là số mili giây nguyên từ 0 đến 60000, không phải "${drainSetting}"`,
    });
  }
  return {
    port,
    // Wall PCs and LED players reach the server over the LAN.
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.IOC_DATA_DIR ?? path.join(ROOT, 'data')),
    configDir: path.resolve(env.IOC_CONFIG_DIR ?? path.join(ROOT, 'config')),
    simulator: !['off', 'false', '0'].includes(simulatorSetting),
    simulatorRate: rate,
    // Feeds post thousands of events a second: by default log problems, not every request.
    logLevel: env.LOG_LEVEL ?? 'warn',
    trustProxy: env.IOC_TRUST_PROXY || undefined,
    trainingPort,
    databaseUrl,
    redisUrl,
    redisPrefix: env.IOC_REDIS_PREFIX || undefined,
    shutdownDrainMs,
  };
}
