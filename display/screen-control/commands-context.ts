/** The page's one command table (`ScreenCommands`) as Svelte context, under a key of its own. */
import { getContext, setContext } from 'svelte';
import type { ScreenCommands } from './commands';

const KEY: unique symbol = Symbol('screen-commands');

/** At the app root: every component under it registers its handlers in this table. */
export function provideScreenCommands(commands: ScreenCommands): ScreenCommands {
  return setContext(KEY, commands);
}

/** The table the app root provided; a component mounted without one is a mistake, said at once. */
export function screenCommands(): ScreenCommands {
  const commands = getContext<ScreenCommands | undefined>(KEY);
  if (!commands)
    throw new Error(
      'No screen commands in context: provideScreenCommands at the app root, or mount with screenCommandsContext',
    );
  return commands;
}

/** What a test mounts a component with: `mount(Component, { context: screenCommandsContext(table) })`. */
export function screenCommandsContext(commands: ScreenCommands): Map<symbol, unknown> {
  return new Map([[KEY, commands]]);
}
