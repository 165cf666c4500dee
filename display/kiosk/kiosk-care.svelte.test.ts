import { afterEach, describe, expect, it, vi } from 'vitest';
import { KioskCare } from './kiosk-care.svelte';
import { defaultCare, type KioskInfo, type ScreenCare } from '../../config/schema/display-care';
import type { Connection, ConnectionStatus } from '../live/connection.svelte';

const HOUR = 3_600_000;
/** 2026-11-28 00:00 in Lạng Sơn. */
const MIDNIGHT = Date.UTC(2026, 10, 27, 17, 0, 0);

function fakeConnection(startAt: number) {
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const offset = startAt - Date.now();
  const connection = {
    status: 'online' as ConnectionStatus,
    serverNow: (clientNow = Date.now()) => clientNow + offset,
    onStatus: (listener: (status: ConnectionStatus) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(status: ConnectionStatus) {
      this.status = status;
      for (const listener of listeners) listener(status);
    },
  };
  return connection;
}

function start(care: ScreenCare, startAt: number, info: KioskInfo | null = null) {
  const connection = fakeConnection(startAt);
  const reloads: string[] = [];
  const saved: number[] = [];
  const kiosk = new KioskCare({
    care,
    timeZone: 'Asia/Ho_Chi_Minh',
    connection: connection as unknown as Connection,
    fetchInfo: async () => info,
    busy: () => false,
    beforeReload: async () => void saved.push(Date.now()),
    reload: () => reloads.push(kiosk.reloading ?? '?'),
  });
  return { kiosk, connection, reloads, saved };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('KioskCare', () => {
  it('follows the schedule in city time: night, then blank', async () => {
    vi.useFakeTimers();
    const care = {
      ...defaultCare('led'),
      nightlyReload: null,
      schedule: [
        { from: '23:00', to: '05:00', mode: 'blank' as const, brightness: 0.6 },
        { from: '18:30', to: '23:00', mode: 'night' as const, brightness: 0.7 },
      ],
    };
    const { kiosk } = start(care, MIDNIGHT + 22 * HOUR + 59 * 60_000);
    expect(kiosk.mode).toEqual({ mode: 'night', brightness: 0.7 });
    await vi.advanceTimersByTimeAsync(65_000);
    expect(kiosk.mode).toEqual({ mode: 'blank', brightness: 0 });
    kiosk.stop();
  });

  it('reloads once after the nightly time, keeping the data first; never while offline', async () => {
    vi.useFakeTimers();
    const care = { ...defaultCare('wall'), nightlyReload: '03:30' };
    const { kiosk, connection, reloads, saved } = start(care, MIDNIGHT + 3 * HOUR);
    connection.set('offline');
    await vi.advanceTimersByTimeAsync(40 * 60_000);
    expect(reloads).toEqual([]);
    connection.set('online');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reloads).toEqual(['nightly']);
    expect(saved).toHaveLength(1);
    kiosk.stop();
  });

  it('takes the server’s settings when it answers', async () => {
    vi.useFakeTimers();
    const serverCare = {
      ...defaultCare('led'),
      pixelShift: { maxPx: 0, everyMinutes: 3 },
      schedule: [{ from: '00:00', to: '23:59', mode: 'night' as const, brightness: 0.5 }],
    };
    const { kiosk } = start(defaultCare('led'), MIDNIGHT + 12 * HOUR + 3 * 60_000 + 1000, {
      version: '0.1.0',
      build: null,
      care: serverCare,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(kiosk.care).toEqual(serverCare);
    expect(kiosk.mode).toEqual({ mode: 'night', brightness: 0.5 });
    expect(kiosk.shift).toEqual({ x: 0, y: 0 });
    kiosk.stop();
  });
});
