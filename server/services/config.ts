/**
 * The configuration (`app.config`): the files of `config/` as last loaded, their reload (on a
 * change of the files when watched), and who must hear of a reload. A reload that fails keeps the
 * last good configuration.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { watch, type FSWatcher } from 'node:fs';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load-config';

export interface ConfigService {
  /** The files as last loaded. Screens paired or changed by operators: `app.screens.config()`. */
  current(): LoadedConfig;
  /** Reloads `config/`; on error keeps the current config and returns the error. */
  reload(): Promise<ConfigError | null>;
  /** Told after each good reload, in the order the listeners were added (services before routes). */
  onReload(listener: () => void): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: ConfigService;
  }
}

export interface ConfigOptions {
  config: LoadedConfig;
  /** Reload when the files change (editors write in bursts: after the burst). */
  watch?: boolean;
}

const configService: FastifyPluginAsync<ConfigOptions> = async (app, options) => {
  let config = options.config;
  const listeners: Array<() => void> = [];
  const service: ConfigService = {
    current: () => config,
    onReload: (listener) => void listeners.push(listener),
    reload: async () => {
      try {
        config = await loadConfig(config.dir);
        listeners.forEach((listener) => listener());
        app.log.info('configuration reloaded');
        return null;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        app.log.error(error.message + '\nKeeping the last good configuration.');
        return error;
      }
    },
  };
  app.decorate('config', service);

  let watcher: FSWatcher | null = null;
  if (options.watch) {
    let timer: NodeJS.Timeout | null = null;
    watcher = watch(config.dir, { recursive: true }, () => {
      // Editors write files in several steps: wait for the burst to end.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void service.reload(), 300);
    });
  }
  app.addHook('preClose', async () => {
    watcher?.close();
  });
};

export default fp(configService, { name: 'config', fastify: '5.x' });
