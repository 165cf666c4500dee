/**
 * The console's live view of the screens: it asks to watch (`console:watch`, operators and admins
 * only), then merges the server's `console:screens` updates. Takeovers come from the public alert
 * lane like on every screen; their acknowledgements from the watched updates.
 */
import type {
  CommandOutcome,
  ScreenCommandKind,
  ScreenStatus,
  ScreensUpdate,
  TakeoverAck,
} from '../../server/protocol/index';
import type { ScreenTargets } from '../../server/protocol/topics';
import type { Connection } from '../live/connection.svelte';
import { api } from './console-api';

/** Who a console action is for: every screen, some groups, or some screens. */
export type TargetChoice =
  { kind: 'all' } | { kind: 'groups'; groups: string[] } | { kind: 'screens'; screens: string[] };

export function targetsBody(choice: TargetChoice): { all?: true } & Partial<ScreenTargets> {
  if (choice.kind === 'all') return { all: true };
  return choice.kind === 'groups' ? { groups: choice.groups } : { screens: choice.screens };
}

export class ScreenConsole {
  screens = $state.raw<ScreenStatus[]>([]);
  acks = $state.raw<Record<string, TakeoverAck[]>>({});
  /** Server time − client time at the last update: ages are measured on the server's clock. */
  offset = $state(0);
  refused = $state<{ vi: string; en: string } | null>(null);
  readonly #connection: Connection;
  readonly #undo: () => void;

  constructor(connection: Connection) {
    this.#connection = connection;
    const socket = connection.socket;
    const onUpdate = (update: ScreensUpdate) => this.apply(update);
    const onConnect = () => void this.watch();
    socket.on('console:screens', onUpdate);
    socket.on('connect', onConnect);
    this.#undo = () => {
      socket.off('console:screens', onUpdate);
      socket.off('connect', onConnect);
    };
    if (socket.connected) void this.watch();
  }

  async watch(): Promise<void> {
    try {
      const answer = await this.#connection.socket.timeout(5000).emitWithAck('console:watch');
      if (answer.ok) {
        this.refused = null;
        this.apply(answer.update);
      } else {
        this.refused = answer.error.message;
      }
    } catch {
      // No answer (disconnected meanwhile): the next connect asks again.
    }
  }

  apply(update: ScreensUpdate): void {
    this.offset = update.serverTime - Date.now();
    this.acks = update.acks;
    if (update.full) {
      this.screens = [...update.screens].sort((a, b) => a.number - b.number);
      return;
    }
    if (update.screens.length === 0) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local merge; the $state is this.screens
    const byId = new Map(this.screens.map((screen) => [screen.id, screen]));
    for (const screen of update.screens) byId.set(screen.id, screen);
    this.screens = [...byId.values()].sort((a, b) => a.number - b.number);
  }

  /** Every group some screen is in, for the target pickers. */
  get groups(): string[] {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local de-duplication
    return [...new Set(this.screens.flatMap((screen) => screen.groups))].sort();
  }

  async command(choice: TargetChoice, kind: ScreenCommandKind, dashboard?: string): Promise<CommandOutcome[]> {
    // Each screen's answer also reaches every watching console as the screen's last command.
    const { outcomes } = await api<{ outcomes: CommandOutcome[] }>('POST', '/api/v1/screen-commands', {
      targets: targetsBody(choice),
      command: { kind, ...(dashboard ? { dashboard } : {}) },
    });
    return outcomes;
  }

  stop(): void {
    this.#undo();
  }
}
