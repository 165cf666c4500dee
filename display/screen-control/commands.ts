/**
 * What a screen does when an operator asks: a handler per command kind. The screen-control layer
 * registers the built-in ones (identify, reload, dim, blank, wake, thumbnail); the playlist plugs
 * in `switch-dashboard`, `next` and `previous`. A kind without a handler is refused with a reason
 * the console shows.
 *
 * One table per page, made at the app root and handed down as context (`commands-context.ts`),
 * never a module-level singleton: a test makes its own and nothing leaks from one page or test
 * to the next.
 */
import type { CommandReply, ScreenCommand, ScreenCommandKind } from '../../server/protocol/index';

export type CommandOf<K extends ScreenCommandKind> = Extract<ScreenCommand, { kind: K }>;
export type CommandHandler<K extends ScreenCommandKind> = (
  command: CommandOf<K>,
) => CommandReply | Promise<CommandReply>;

/** Each handler is stored under its own kind, so it only ever gets commands of that kind. */
type AnyHandler = (command: ScreenCommand) => CommandReply | Promise<CommandReply>;

const UNSUPPORTED: Partial<Record<ScreenCommandKind, { vi: string; en: string }>> = {
  'switch-dashboard': {
    vi: 'Màn hình này chưa chuyển được bảng (không có danh sách phát)',
    en: 'This screen cannot switch dashboards (no playlist)',
  },
  next: { vi: 'Màn hình này không phát danh sách nào', en: 'This screen plays no playlist' },
  previous: { vi: 'Màn hình này không phát danh sách nào', en: 'This screen plays no playlist' },
};

export class ScreenCommands {
  readonly #handlers = new Map<ScreenCommandKind, AnyHandler>();

  /** Handles `kind` from now on (the last registration wins); returns the way to undo it. */
  register<K extends ScreenCommandKind>(kind: K, handler: CommandHandler<K>): () => void {
    const stored = handler as unknown as AnyHandler;
    this.#handlers.set(kind, stored);
    return () => {
      if (this.#handlers.get(kind) === stored) this.#handlers.delete(kind);
    };
  }

  /** Runs a command; a missing handler or a handler that throws is a refusal, never silence. */
  async run(command: ScreenCommand): Promise<CommandReply> {
    const handler = this.#handlers.get(command.kind);
    if (!handler) {
      return {
        ok: false,
        message: UNSUPPORTED[command.kind] ?? {
          vi: `Lệnh không được hỗ trợ: ${command.kind}`,
          en: `Unsupported command: ${command.kind}`,
        },
      };
    }
    try {
      return await handler(command);
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 160) : String(error).slice(0, 160);
      return { ok: false, message: { vi: `Lỗi khi thực hiện: ${reason}`, en: `Failed: ${reason}` } };
    }
  }
}
