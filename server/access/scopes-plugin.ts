/**
 * Makes the units known to every route (`app.scopeUnits`): `requireScope` names a refused unit
 * with them, the sign-in answer names a person's units, the accounts' routes check new scopes.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { ScopeUnits } from './scopes';

export type ScopesPluginOptions = ScopeUnits;

const scopesPlugin: FastifyPluginAsync<ScopesPluginOptions> = async (app, { directory, today }) => {
  app.decorate('scopeUnits', { directory, today } satisfies ScopeUnits);
};

export default fp(scopesPlugin, { name: 'scopes' });
