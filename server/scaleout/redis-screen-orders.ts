/**
 * What operators ordered screens, on Redis, so that every process knows it: the display mode an
 * operator set (dim, blank, or normal after a wake) and each screen's last command with its
 * answer. A screen that reconnects through another process (a balancer, a restart of the one it
 * was on) is put back in the mode an operator set through any process, and every console shows
 * the same last command. One process keeps the same in its `ScreenStatusBook`.
 *
 * Three hashes under the prefix, each field a screen id: `screen-modes` (the mode), `screen-commands`
 * (the last command, JSON) and `screen-outcomes` (the answer with its command's id, JSON). The
 * answer is kept apart so that an answer arriving after a newer command (sent through another
 * process) cannot overwrite that command: it is shown only while its id is the last command's.
 * No expiry: an operator's dim lasts until someone wakes the screen.
 */
import type { CommandOutcome, DisplayMode, LastCommand } from '../protocol/index';
import type { ScreenOrders, ScreenOrderStore } from '../realtime/screen-orders';
import type { RedisClient } from './redis-adapter';

const MODES: readonly string[] = ['normal', 'dim', 'blank'] satisfies DisplayMode[];

export class RedisScreenOrders implements ScreenOrderStore {
  readonly #redis: RedisClient;
  readonly #modes: string;
  readonly #commands: string;
  readonly #outcomes: string;

  constructor(redis: RedisClient, prefix: string) {
    this.#redis = redis;
    this.#modes = `${prefix}:screen-modes`;
    this.#commands = `${prefix}:screen-commands`;
    this.#outcomes = `${prefix}:screen-outcomes`;
  }

  async sent(screenId: string, command: LastCommand, mode: DisplayMode | null): Promise<void> {
    const write = this.#redis.multi().hSet(this.#commands, screenId, JSON.stringify(command));
    if (mode) write.hSet(this.#modes, screenId, mode);
    await write.exec();
  }

  async answered(screenId: string, commandId: string, outcome: CommandOutcome): Promise<void> {
    await this.#redis.hSet(this.#outcomes, screenId, JSON.stringify({ commandId, outcome }));
  }

  async of(screenIds: readonly string[]): Promise<Map<string, ScreenOrders>> {
    const orders = new Map<string, ScreenOrders>();
    if (screenIds.length === 0) return orders;
    const ids = [...screenIds];
    const [modes, commands, outcomes] = await Promise.all([
      this.#redis.hmGet(this.#modes, ids),
      this.#redis.hmGet(this.#commands, ids),
      this.#redis.hmGet(this.#outcomes, ids),
    ]);
    ids.forEach((screenId, index) => {
      const mode = modes[index];
      const command = parse<LastCommand>(commands[index]);
      const answer = parse<{ commandId: string; outcome: CommandOutcome }>(outcomes[index]);
      if (!mode && !command) return;
      orders.set(screenId, {
        mode: mode && MODES.includes(mode) ? (mode as DisplayMode) : null,
        lastCommand: command
          ? { ...command, outcome: answer?.commandId === command.id ? answer.outcome : command.outcome }
          : null,
      });
    });
    return orders;
  }
}

function parse<T>(text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
