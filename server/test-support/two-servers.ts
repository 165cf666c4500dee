/**
 * Two servers as one system in one test process: two apps on one fresh PostgreSQL schema and one
 * Redis key prefix of their own (real servers both), as `IOC_DATABASE_URL` + `IOC_REDIS_URL` make
 * of N processes. `close` disposes both and drops the schema.
 */
import type { AppOptions } from '../app';
import { startTestApp, type TestApp } from './test-app';
import { freshPgSchema, TEST_REDIS_URL, uniqueName } from './pg-schema';

export interface TwoServers {
  a: TestApp;
  b: TestApp;
  /** The options both were started with (the database and Redis of this system). */
  options: Partial<AppOptions>;
  close(): Promise<void>;
}

export async function startTwoServers(extra: Partial<AppOptions> = {}): Promise<TwoServers> {
  const schema = freshPgSchema();
  const options: Partial<AppOptions> = {
    database: { url: schema.url, schema: schema.schema },
    redis: { url: TEST_REDIS_URL, prefix: uniqueName('ioc_test') },
    scaleout: { retryMs: 200 },
    ...extra,
  };
  const started: TestApp[] = [];
  const close = async () => {
    for (const app of started.splice(0)) await app.dispose();
    await schema.drop();
  };
  try {
    started.push(await startTestApp(options));
    started.push(await startTestApp(options));
  } catch (error) {
    await close();
    throw error;
  }
  return { a: started[0]!, b: started[1]!, options, close };
}
