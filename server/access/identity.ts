/**
 * Who is asking: a person (session cookie), a feed (API key), a paired screen (screen token) or
 * nobody. Resolved the same way for HTTP requests and Socket.IO handshakes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKey, AccessStore, Session } from './access-store';
import { roleCan, type Permission } from './roles';

export const SESSION_COOKIE = 'ioc_session';

export type Identity =
  | { kind: 'user'; session: Session; token: string }
  | { kind: 'key'; key: ApiKey }
  | { kind: 'screen'; screenId: string; tokenId: number }
  | { kind: 'anonymous' };

/** Reads one cookie from a raw Cookie header (Socket.IO handshakes have no cookie parser). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

/** The feed key and session cookie a request presents, unverified. */
export function presentedSecrets(headers: IncomingHttpHeaders): { key?: string; session?: string } {
  const presented = bearer(headers) ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
  const session = cookieValue(typeof headers.cookie === 'string' ? headers.cookie : undefined, SESSION_COOKIE);
  return {
    ...(presented?.startsWith('iock_') ? { key: presented } : {}),
    ...(session ? { session } : {}),
  };
}

export function resolveIdentity(
  security: AccessStore,
  headers: IncomingHttpHeaders,
  extra: { screenToken?: unknown } = {},
): Identity {
  const presented = bearer(headers) ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
  if (presented?.startsWith('iock_')) {
    const key = security.apiKey(presented);
    return key ? { kind: 'key', key } : { kind: 'anonymous' };
  }
  const screenToken =
    typeof extra.screenToken === 'string' ? extra.screenToken : presented?.startsWith('iocs_') ? presented : undefined;
  if (screenToken) {
    const found = security.screenTokenOf(screenToken);
    if (found) return { kind: 'screen', screenId: found.screenId, tokenId: found.id };
  }
  const token = cookieValue(typeof headers.cookie === 'string' ? headers.cookie : undefined, SESSION_COOKIE);
  const session = security.session(token);
  if (session && token) return { kind: 'user', session, token };
  return { kind: 'anonymous' };
}

/**
 * Whether a person may do something. An account whose one-time password is not yet changed may do
 * nothing but change it (and sign out): its role counts only from then on.
 */
export function can(identity: Identity, permission: Permission): boolean {
  return (
    identity.kind === 'user' &&
    !identity.session.user.mustChangePassword &&
    roleCan(identity.session.user.role, permission)
  );
}

/** A person who must first change a one-time password. */
export function mustChangePassword(identity: Identity): boolean {
  return identity.kind === 'user' && identity.session.user.mustChangePassword;
}

/** How the audit log names who acted. */
export function actorOf(identity: Identity): string {
  switch (identity.kind) {
    case 'user':
      return `user:${identity.session.user.username}`;
    case 'key':
      return `key:${identity.key.name}`;
    case 'screen':
      return `screen:${identity.screenId}`;
    default:
      return 'anonymous';
  }
}
