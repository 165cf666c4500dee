/**
 * Makes the unit directory (`config.units`) known to every route: `requireScope` names a refused
 * unit with it, the sign-in answer names a person's units, the accounts' routes check new scopes.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { UnitDirectory } from './unit-directory';
import './scopes';

export interface ScopesPluginOptions {
  /** The directory of the current config: a reload of config/ is seen at the next request. */
  unitDirectory: () => UnitDirectory;
}

const scopesPlugin: FastifyPluginAsync<ScopesPluginOptions> = async (app, { unitDirectory }) => {
  app.decorate('unitDirectory', unitDirectory);
};

export default fp(scopesPlugin, { name: 'scopes' });
