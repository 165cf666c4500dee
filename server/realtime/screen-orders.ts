/**
 * What operators ordered a screen: the display mode they set (dim, blank, or normal after a wake)
 * and the last command with its answer. One process keeps them in its `ScreenStatusBook`;
 * several share them on Redis (`scaleout/redis-screen-orders.ts`), so that a screen reconnecting
 * through any process is put back in the mode an operator set through another, and every console
 * shows the same last command.
 */
import type { CommandOutcome, DisplayMode, LastCommand } from '../protocol/index';

export interface ScreenOrders {
  /** The mode an operator set (since the shared store began), or null when none did. */
  mode: DisplayMode | null;
  lastCommand: LastCommand | null;
}

export interface ScreenOrderStore {
  /** A command went to a screen; `mode` is the mode it sets (dim, blank, wake), else null. */
  sent(screenId: string, command: LastCommand, mode: DisplayMode | null): Promise<void>;
  /** The screen's answer to command `commandId` (kept only while it is the screen's last command). */
  answered(screenId: string, commandId: string, outcome: CommandOutcome): Promise<void>;
  /** The orders of these screens (screens no operator ordered are left out). */
  of(screenIds: readonly string[]): Promise<Map<string, ScreenOrders>>;
}
