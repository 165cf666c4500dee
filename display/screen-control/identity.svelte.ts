/**
 * Which screen this page is (its id and groups), for targeting: widgets get it in their `bind`
 * (the ticker shows only the items meant for this screen) and the takeover layer picks the
 * takeover meant for it. One page is one screen; a page that is no registered screen (`/view/…`)
 * is null and sees untargeted items only.
 *
 * Made once at the app root and handed down as context (`identity-context.ts`); the
 * screen-control layer sets it when it knows the screen.
 */
import type { ScreenIdentity } from '../../server/protocol/targeting';

export class ThisScreen {
  current = $state.raw<ScreenIdentity | null>(null);

  constructor(identity: ScreenIdentity | null = null) {
    this.current = identity;
  }
}
