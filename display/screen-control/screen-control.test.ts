import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { CommandReply, ScreenCommand, SubscribeAck } from '../../server/protocol/index';
import type { TakeoverItem } from '../../server/protocol/topics';
import { identityOf } from '../../server/protocol/targeting';
import type { Screen } from '../../config/schema/screen';
import type { Connection } from '../live/connection.svelte';
import { TopicStore } from '../live/topic-store.svelte';
import { HeartbeatMeter } from './heartbeat';
import { ScreenCommands } from './commands';
import { waitUntil } from '../../server/test-support/wait-until';

/** Waits, rendering as it goes, until the page shows what a command asked for. */
const until = (what: string, condition: () => boolean) =>
  waitUntil(() => {
    flushSync();
    return condition();
  }, what);
import { screenCommandsContext } from './commands-context';
import { takeoverFor } from './takeover-choice';
import { ThisScreen } from './identity.svelte';
import { thisScreenContext } from './identity-context';
import ScreenControlLayer from './ScreenControlLayer.svelte';

const T0 = Date.UTC(2026, 10, 28, 7, 0, 0);
const main = identityOf({ id: 'main', profile: 'wall', audience: 'internal' });
const led = identityOf({ id: 'led-dong-kinh', profile: 'led', audience: 'public' });

function takeover(id: string, extra: Partial<TakeoverItem> = {}): TakeoverItem {
  return {
    id,
    text: { vi: `Khẩn ${id}`, en: `Urgent ${id}` },
    severity: 'severe',
    validFrom: T0,
    validTo: T0 + 600_000,
    targets: null,
    ...extra,
  };
}

describe('heartbeat meter', () => {
  it('gives the median and worst latency of the window, the last message age, and keeps the last figures through a quiet window', () => {
    const meter = new HeartbeatMeter();
    expect(meter.take(T0)).toEqual({ fps: 0, latencyMs: null, latencyMaxMs: null, lastMessageAgeMs: null });
    for (const latency of [4, 9, 30, 6]) meter.message(T0, T0 + latency, 1000 + latency);
    // A screen clock a little ahead of the hub's stamp cannot make latency negative.
    meter.message(T0, T0 - 3, 1100);
    expect(meter.take(1600)).toEqual({ fps: 0, latencyMs: 6, latencyMaxMs: 30, lastMessageAgeMs: 500 });
    expect(meter.take(2600)).toMatchObject({ latencyMs: 6, latencyMaxMs: 30, lastMessageAgeMs: 1500 });
    meter.message(T0, T0 + 50, 2700);
    expect(meter.take(2800)).toMatchObject({ latencyMs: 50, latencyMaxMs: 50, lastMessageAgeMs: 100 });
  });

  it('counts frames per second', () => {
    const meter = new HeartbeatMeter();
    for (let i = 0; i <= 50; i++) meter.frame(i * 20);
    expect(meter.fps).toBe(50);
    for (let i = 1; i <= 25; i++) meter.frame(1000 + i * 40);
    expect(meter.fps).toBe(25);
  });
});

describe('command handlers', () => {
  it('refuses a kind nobody handles with a reason, runs a registered one, and forgets it when undone', async () => {
    const commands = new ScreenCommands();
    expect(await commands.run({ id: 'c', kind: 'next' })).toEqual({
      ok: false,
      message: { vi: 'Màn hình này không phát danh sách nào', en: 'This screen plays no playlist' },
    });
    const seen: string[] = [];
    const undo = commands.register('switch-dashboard', (command) => {
      seen.push(command.dashboard);
      return { ok: true };
    });
    expect(await commands.run({ id: 'c', kind: 'switch-dashboard', dashboard: 'reports' })).toEqual({ ok: true });
    expect(seen).toEqual(['reports']);
    undo();
    expect((await commands.run({ id: 'c', kind: 'switch-dashboard', dashboard: 'reports' })).ok).toBe(false);
  });

  it('turns a handler that throws into a refusal', async () => {
    const commands = new ScreenCommands();
    const undo = commands.register('previous', () => {
      throw new Error('playlist empty');
    });
    expect(await commands.run({ id: 'c', kind: 'previous' })).toEqual({
      ok: false,
      message: { vi: 'Lỗi khi thực hiện: playlist empty', en: 'Failed: playlist empty' },
    });
    undo();
  });
});

describe('targeting on the screen', () => {
  it('shows the gravest, then newest, takeover for this screen, and none after its expiry', () => {
    const items = [
      takeover('old', { validFrom: T0 - 60_000 }),
      takeover('new'),
      takeover('led-only', { severity: 'extreme', targets: { screens: [], groups: ['led'] } }),
      takeover('minor', { severity: 'minor', validFrom: T0 + 1000, validTo: null }),
    ];
    expect(takeoverFor(items, main, T0)?.id).toBe('new');
    expect(takeoverFor(items, led, T0)?.id).toBe('led-only');
    expect(takeoverFor(items, null, T0)?.id).toBe('new');
    expect(takeoverFor(items, main, T0 + 600_000)?.id).toBe('minor');
    expect(takeoverFor([], main, T0)).toBeNull();
  });
});

/** A stand-in for the page's socket: records what the screen emits, lets the test send commands. */
class FakeSocket {
  connected = true;
  readonly emitted: Array<[string, unknown]> = [];
  readonly #listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  on(event: string, listener: (...args: unknown[]) => void) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: (...args: unknown[]) => void) {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: string, payload: unknown) {
    this.emitted.push([event, payload]);
    return this;
  }
  /** `time:ping` with a timeout: the server's clock says T0 + 1 s. */
  timeout() {
    return {
      emit: (_event: string, _sent: number, ack: (error: Error | null, serverTime: number) => void) =>
        ack(null, T0 + 1000),
    };
  }
  command(command: ScreenCommand): Promise<CommandReply> {
    return new Promise((resolve) =>
      this.#listeners.get('screen:command')?.forEach((listener) => listener(command, resolve)),
    );
  }
}

const screenConfig: Screen = {
  version: 1,
  id: 'main',
  name: { vi: 'Màn hình chính', en: 'Main wall' },
  profile: 'wall',
  resolution: [1920, 1080],
  audience: 'internal',
  dashboard: 'main',
  groups: [],
};

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
});

async function layer(items: TakeoverItem[]) {
  const socket = new FakeSocket();
  const answer: SubscribeAck = {
    ok: true,
    mode: 'snapshot',
    snapshot: { topic: 'alerts.takeovers', seq: 1, changedAt: T0, simulated: false, data: items },
  };
  const topics = new TopicStore({ subscribe: async () => answer, unsubscribe: () => {} }, (callback) => callback());
  const connection = { socket, topics, serverNow: () => T0 + 1000 } as unknown as Connection;
  const target = document.createElement('div');
  document.body.append(target);
  const commands = new ScreenCommands();
  const here = new ThisScreen();
  const component = mount(ScreenControlLayer, {
    target,
    context: new Map([...screenCommandsContext(commands), ...thisScreenContext(here)]),
    props: {
      connection,
      screen: screenConfig,
      showing: { dashboard: 'main', playlistItem: null },
      timeZone: 'Asia/Ho_Chi_Minh',
      now: T0 + 1000,
    },
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      flushSync();
    }
  };
  await settle();
  stop = () => {
    unmount(component);
    target.remove();
  };
  return { socket, target, settle, here, commands };
}

describe('screen-control layer', () => {
  it('draws the takeover meant for this screen over the content, Vietnamese first, and acknowledges it once', async () => {
    // happy-dom does no layout: the hit test says what a browser would, the takeover on top.
    document.elementsFromPoint = () => [...document.querySelectorAll('[data-takeover]')];
    const { socket, target } = await layer([
      takeover('walls', { targets: { screens: [], groups: ['wall'] }, severity: 'extreme' }),
      takeover('market', { targets: { screens: ['led-dong-kinh'], groups: [] } }),
    ]);
    const overlay = target.querySelector('[data-takeover]') as HTMLElement;
    expect(overlay.dataset.takeover).toBe('walls');
    expect(overlay.getAttribute('role')).toBe('alert');
    const texts = [...overlay.querySelectorAll('p')].map((p) => p.textContent);
    expect(texts[1]).toBe('Khẩn walls');
    expect(texts[2]).toBe('Urgent walls');
    expect(texts[3]).toBe('Hiệu lực đến 14:10 · Until 14:10');
    const acks = socket.emitted.filter(([event]) => event === 'screen:takeover-ack');
    expect(acks).toEqual([
      ['screen:takeover-ack', { takeoverId: 'walls', shownAt: expect.any(Number), visible: true }],
    ]);
    // On the server's clock (T0 + 1 s when the screen asked, a few milliseconds ago).
    expect(Math.abs((acks[0]![1] as { shownAt: number }).shownAt - (T0 + 1000))).toBeLessThan(500);
    // Its first heartbeat went out at once, saying what it shows.
    expect(socket.emitted.find(([event]) => event === 'screen:heartbeat')?.[1]).toMatchObject({
      screenId: 'main',
      dashboard: 'main',
      mode: 'normal',
    });
  });

  it('identifies itself with its number, dims and blanks and wakes, and refuses what it cannot do', async () => {
    const { socket, target } = await layer([]);
    expect(target.querySelector('[data-takeover]')).toBeNull();
    expect(
      await socket.command({
        id: '1',
        kind: 'identify',
        number: 3,
        label: { vi: 'Màn hình chính', en: 'Main wall' },
        durationMs: 10_000,
      }),
    ).toEqual({ ok: true });
    await until('the identify overlay', () => target.querySelector('[data-identify]') !== null);
    expect(target.querySelector('[data-identify]')?.textContent).toContain('3');
    expect(target.querySelector('[data-identify]')?.textContent).toContain('Màn hình chính');
    await socket.command({ id: '2', kind: 'blank' });
    await until(
      'blank',
      () => target.querySelector('[data-display-mode]')?.getAttribute('data-display-mode') === 'blank',
    );
    expect(target.querySelector('[data-display-mode]')?.getAttribute('data-display-mode')).toBe('blank');
    await socket.command({ id: '3', kind: 'dim' });
    await until('dim', () => target.querySelector('[data-display-mode]')?.getAttribute('data-display-mode') === 'dim');
    expect(target.querySelector('[data-display-mode]')?.getAttribute('data-display-mode')).toBe('dim');
    await socket.command({ id: '4', kind: 'wake' });
    await until('awake', () => target.querySelector('[data-display-mode]') === null);
    expect(target.querySelector('[data-display-mode]')).toBeNull();
    expect((await socket.command({ id: '5', kind: 'next' })).ok).toBe(false);
  });

  it('does not claim to identify itself while an emergency takeover covers the number', async () => {
    document.elementsFromPoint = () => [...document.querySelectorAll('[data-takeover]')];
    const { socket, target } = await layer([takeover('walls', { targets: { screens: [], groups: ['wall'] } })]);
    await until('the takeover', () => target.querySelector('[data-takeover]') !== null);
    const reply = await socket.command({
      id: '8',
      kind: 'identify',
      number: 3,
      label: { vi: 'Màn hình chính', en: 'Main wall' },
      durationMs: 10_000,
    });
    // The identify overlay sits below a takeover: no one in the room can read the number now.
    expect(reply.ok).toBe(false);
    expect(reply.ok === false && reply.message.vi).toMatch(/khẩn cấp/);
    expect(reply.ok === false && reply.message.en).toMatch(/takeover/);
  });

  it('works on the page’s context: says which screen this is to the widgets, handles commands in the page’s table, and leaves both clean when it goes', async () => {
    const { here, commands, target } = await layer([]);
    expect(here.current).toEqual(main);
    // Run straight from the page's table, as the socket's handler does: the built-ins are there.
    expect(await commands.run({ id: '6', kind: 'dim' })).toEqual({ ok: true });
    await until('dim', () => target.querySelector('[data-display-mode]')?.getAttribute('data-display-mode') === 'dim');
    expect(target.querySelector('[data-display-mode]')?.getAttribute('data-display-mode')).toBe('dim');
    stop?.();
    stop = null;
    expect(here.current).toBeNull();
    expect((await commands.run({ id: '7', kind: 'dim' })).ok).toBe(false);
  });
});
