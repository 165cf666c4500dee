/** Which live connections a security change concerns, by what each was granted from. */
import type { GrantBasis } from '../realtime/socket-gateway';
import type { SecurityChange } from './access-store';

export function basisAffectedBy(basis: GrantBasis | undefined, change: SecurityChange): boolean {
  switch (change.kind) {
    case 'screen-token-revoked':
      return basis?.screenTokenId === change.tokenId;
    case 'session-ended':
      return basis?.sessionHash === change.sessionHash;
    case 'account-changed':
    case 'scopes-changed':
      return basis?.userId === change.userId;
    case 'changed-elsewhere':
      // Anything may have changed; the public was granted from nothing and has nothing to lose.
      return basis !== undefined;
  }
}
