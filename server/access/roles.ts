/**
 * Who may do what. One table: a route or a socket event names the permission it needs, and the
 * server checks it; the display only hides what the server already refuses.
 */
export const ROLES = ['admin', 'operator', 'leader', 'entry', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'topics.internal' // read internal topics (sockets and HTTP)
  | 'console.use' // the operator console
  | 'screens.manage' // screen tokens, and later switching and takeover
  | 'reports.moderate' // approve citizen reports, edit their public title, hide photos, make private
  | 'keys.manage' // feed keys
  | 'users.manage' // accounts
  | 'audit.read'
  | 'events.post'; // post events with a session (feeds use keys)

/** Every permission, in the order the console lists them. */
export const PERMISSIONS: readonly Permission[] = [
  'topics.internal',
  'console.use',
  'screens.manage',
  'reports.moderate',
  'keys.manage',
  'users.manage',
  'audit.read',
  'events.post',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    'topics.internal',
    'console.use',
    'screens.manage',
    'reports.moderate',
    'keys.manage',
    'users.manage',
    'audit.read',
    'events.post',
  ],
  operator: ['topics.internal', 'console.use', 'screens.manage', 'reports.moderate'],
  leader: ['topics.internal'],
  // Reads nothing internal: what an entry account may do comes from its scopes, unit by unit (scopes.ts).
  entry: [],
  viewer: ['topics.internal'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
