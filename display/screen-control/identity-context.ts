/** Which screen this page is (`ThisScreen`) as Svelte context, under a key of its own. */
import { getContext, setContext } from 'svelte';
import type { ThisScreen } from './identity.svelte';

const KEY: unique symbol = Symbol('this-screen');

/** At the app root: the screen-control layer sets it, the widget frames read it. */
export function provideThisScreen(screen: ThisScreen): ThisScreen {
  return setContext(KEY, screen);
}

/** What the app root provided; a component mounted without it is a mistake, said at once. */
export function thisScreen(): ThisScreen {
  const screen = getContext<ThisScreen | undefined>(KEY);
  if (!screen)
    throw new Error(
      'No screen identity in context: provideThisScreen at the app root, or mount with thisScreenContext',
    );
  return screen;
}

/** What a test mounts a component with: `mount(Component, { context: thisScreenContext(new ThisScreen(identity)) })`. */
export function thisScreenContext(screen: ThisScreen): Map<symbol, unknown> {
  return new Map([[KEY, screen]]);
}
