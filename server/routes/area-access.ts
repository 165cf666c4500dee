/**
 * Who may call the routes of an area, said once at the top of its plugin:
 *
 *     areaAccess(app, { permission: 'keys.manage' });
 *
 * Route plugins are encapsulated, so the hooks added here reach that plugin's routes only. An
 * `onRequest` hook refuses everybody else before the body is read (401 for nobody, 403 for the
 * wrong role or an unchanged one-time password), and a request that changes something (any method
 * but GET and HEAD) must carry the CSRF header of its session. An `onRoute` hook writes the same
 * rule into each route's OpenAPI `security` and description: the document says what is checked.
 *
 * Areas open to anybody (what they answer depends on `request.identity`) call nothing and say so.
 */
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { Permission } from '../access/roles';
import { refuseAnonymous, requireCsrf, requirePermission } from '../http/auth-plugin';
import { personWith } from '../http/route-docs';

export type AreaAccess =
  /** A person whose role has this permission. */
  | { permission: Permission }
  /** Any signed-in person, also one who must still change a one-time password (their own session). */
  | { signedIn: true };

const READS: readonly string[] = ['GET', 'HEAD', 'OPTIONS'];
const changes = (method: HTTPMethods | HTTPMethods[]): boolean => [method].flat().some((one) => !READS.includes(one));

export function areaAccess(app: FastifyInstance, access: AreaAccess): void {
  const permission = 'permission' in access ? access.permission : null;
  const allowed = permission
    ? requirePermission(permission)
    : async (request: Parameters<typeof requireCsrf>[0], reply: Parameters<typeof requireCsrf>[1]) =>
        request.identity.kind === 'user' ? undefined : refuseAnonymous(reply);

  app.addHook('onRequest', async (request, reply) => {
    const refused = await allowed(request, reply);
    if (refused || !changes(request.method as HTTPMethods)) return refused;
    return requireCsrf(request, reply);
  });

  app.addHook('onRoute', (route) => {
    const said = personWith(permission, changes(route.method));
    const description = [route.schema?.description, said.description].filter(Boolean).join(' ');
    route.schema = { ...route.schema, security: route.schema?.security ?? said.security, description };
  });
}
