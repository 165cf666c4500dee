/**
 * The one place that creates the server and listens. `npm start` runs this (after building the
 * display); SIGINT/SIGTERM stop it gracefully (`IocApp.shutdown`): readiness false, a drain for the
 * balancer, then refuse new requests with 503, tell screens to reconnect elsewhere, finish the
 * requests in flight and the group commit, release the leader lease, close the store.
 */
/* eslint-disable no-console -- the process entry: its start-up line and a fatal error belong on the terminal */
import { buildApp } from './app';
import { readEnv } from './env';
import { ConfigError, loadConfig } from './config/load-config';
import { InputError } from './ingest/ingest-error';
import { issueStartupSecrets, pruneUsedSecrets } from './access/startup-secrets';
import { DataFolderError, lockDataFolder } from './store/data-folder';

async function main(): Promise<void> {
  const env = readEnv();
  const config = await loadConfig(env.configDir);
  // Before the database is opened: a second server on the same folder must not touch it.
  const lock = lockDataFolder(env.dataDir);
  process.on('exit', () => lock.release());
  const ioc = await buildApp({
    config,
    dataDir: env.dataDir,
    simulator: env.simulator && config.app.simulator.enabled,
    simulatorOptions: env.simulatorRate ? { rate: env.simulatorRate } : {},
    watchConfig: true,
    logger: { level: env.logLevel },
    trustProxy: env.trustProxy,
    training: env.trainingPort === null ? undefined : { port: env.trainingPort, host: env.host },
    ...(env.databaseUrl ? { database: { url: env.databaseUrl } } : {}),
    ...(env.redisUrl ? { redis: { url: env.redisUrl, prefix: env.redisPrefix } } : {}),
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ioc.app.log.info({ signal, drainMs: env.shutdownDrainMs }, 'shutting down');
    const force = setTimeout(() => process.exit(1), env.shutdownDrainMs + 10_000);
    force.unref();
    await ioc.shutdown({ drain: () => new Promise((resolve) => setTimeout(resolve, env.shutdownDrainMs)) });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const password = await ioc.security.ensureBootstrapAdmin();
  await ioc.app.listen({ port: env.port, host: env.host });
  const address = ioc.app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  // A fresh install's first admin, and a link with a token for each configured screen that never
  // had one (after an upgrade: the public panels). Never into a log: see startup-secrets.ts.
  await issueStartupSecrets({
    security: ioc.security,
    dataDir: env.dataDir,
    screens: config.screens.values(),
    baseUrl: `http://localhost:${port}`, // the bound port: PORT=0 picks one
    adminPassword: password,
    tty: process.stdout.isTTY === true,
    print: (text) => console.log(text),
  });
  setInterval(() => pruneUsedSecrets(env.dataDir, ioc.security), 60_000).unref();
  await ioc.startFeeds();
  console.log(
    `ioc-wall: http://localhost:${port}/wall/main · data ${env.dataDir} · simulator ${ioc.simulator ? 'on' : 'off'}`,
  );
  if (env.trainingPort !== null) {
    console.log(
      `ioc-wall: practice space (tập huấn) on port ${env.trainingPort}, started when a training session is opened in the console`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof InputError || error instanceof DataFolderError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
