/**
 * The timers of an unattended screen, in one place: the day/night/blank mode and the pixel shift
 * (checked every few seconds), the heap (sampled every minute), the server's build (on every
 * reconnect and every few minutes), the watchdog heartbeat to the service worker, and the reload
 * when `shouldReloadNow` says so. The decisions themselves are pure functions beside this file.
 */
import { defaultCare, type KioskInfo, type ScreenCare } from '../../config/schema/display-care';
import type { Connection } from '../live/connection.svelte';
import { displayModeAt, displayModeUntil, pixelShiftAt, type DisplayMode } from './display-mode';
import { heapGrowthMb, keepHeapSamples, shouldReloadNow, type HeapSample, type ReloadReason } from './self-care';
import { OWN_BUILD } from './build-id';
import { WatchdogBeat, keepLoadedFiles } from '../offline/service-worker';

const TICK_MS = 5_000;
const HEAP_SAMPLE_MS = 60_000;
const UPDATE_RELOAD_KEY = 'ioc.update-reload';

export interface KioskCareOptions {
  care: ScreenCare;
  timeZone: string;
  connection: Connection;
  /** `GET /api/v1/kiosk/:profile` (null when it cannot be reached). */
  fetchInfo: () => Promise<KioskInfo | null>;
  /** Something urgent is on screen: hold back updates and nightly reloads. */
  busy: () => boolean;
  /** Last words before a reload (keep the data for the page that follows). */
  beforeReload: () => Promise<void>;
  /** New settings from the server (for the offline cache). */
  onInfo?: (info: KioskInfo) => void;
  reload?: () => void;
}

export class KioskCare {
  care = $state.raw<ScreenCare>(defaultCare());
  mode = $state.raw<DisplayMode>({ mode: 'day', brightness: 1 });
  /** City time the current schedule window ends ("05:00"), null in the day. */
  until = $state<string | null>(null);
  shift = $state.raw<{ x: number; y: number }>({ x: 0, y: 0 });
  /** The build the server serves, as last heard. */
  serverBuild = $state<string | null>(null);
  /** Why the page is reloading (shown for the second before it goes). */
  reloading = $state<ReloadReason | null>(null);

  readonly #options: KioskCareOptions;
  readonly #bootedAt: number;
  readonly #spreadMs: number;
  readonly #timers: Array<ReturnType<typeof setInterval>> = [];
  readonly #stopStatus: () => void;
  readonly #stopKeeping: () => void;
  #watchdog: WatchdogBeat | null = null;
  #versionTimer: ReturnType<typeof setInterval> | null = null;
  #samples: HeapSample[] = [];
  #newBuildSeenAt: number | null = null;

  constructor(options: KioskCareOptions) {
    this.#options = options;
    this.care = options.care;
    this.#bootedAt = options.connection.serverNow();
    this.#spreadMs = Math.random() * options.care.updateSpreadSeconds * 1000;
    this.#tick();
    this.#timers.push(setInterval(() => this.#tick(), TICK_MS));
    this.#timers.push(setInterval(() => this.#sampleHeap(), HEAP_SAMPLE_MS));
    this.#restartVersionTimer();
    this.#watchdog = new WatchdogBeat(options.care.watchdogSeconds * 1000);
    this.#stopKeeping = keepLoadedFiles(OWN_BUILD);
    this.#stopStatus = options.connection.onStatus((status) => {
      if (status === 'online') void this.checkVersion();
    });
    if (options.connection.status === 'online') void this.checkVersion();
  }

  /** Asks the server for its build and the current settings. */
  async checkVersion(): Promise<void> {
    const info = await this.#options.fetchInfo().catch(() => null);
    if (!info) return;
    this.serverBuild = info.build;
    if (info.build !== null && OWN_BUILD !== null && info.build !== OWN_BUILD) {
      this.#newBuildSeenAt ??= this.#options.connection.serverNow();
    } else {
      this.#newBuildSeenAt = null;
    }
    const before = this.care;
    this.care = info.care;
    this.#options.onInfo?.(info);
    if (before.watchdogSeconds !== info.care.watchdogSeconds) {
      this.#watchdog?.stop();
      this.#watchdog = new WatchdogBeat(info.care.watchdogSeconds * 1000);
    }
    if (before.versionCheckMinutes !== info.care.versionCheckMinutes) this.#restartVersionTimer();
    this.#tick();
  }

  #restartVersionTimer(): void {
    if (this.#versionTimer) clearInterval(this.#versionTimer);
    this.#versionTimer = setInterval(() => void this.checkVersion(), this.care.versionCheckMinutes * 60_000);
  }

  #sampleHeap(): void {
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    if (!memory) return;
    this.#samples.push({ at: this.#options.connection.serverNow(), mb: memory.usedJSHeapSize / 1_048_576 });
    this.#samples = keepHeapSamples(this.#samples, this.#bootedAt);
  }

  #tick(): void {
    const now = this.#options.connection.serverNow();
    const { care } = this;
    const mode = displayModeAt(now, care.schedule, this.#options.timeZone);
    if (mode.mode !== this.mode.mode || mode.brightness !== this.mode.brightness) this.mode = mode;
    this.until = displayModeUntil(now, care.schedule, this.#options.timeZone);
    const shift = pixelShiftAt(now, care.pixelShift);
    if (shift.x !== this.shift.x || shift.y !== this.shift.y) this.shift = shift;
    if (this.reloading) return;
    const reason = shouldReloadNow(
      now,
      { ...care, timeZone: this.#options.timeZone },
      {
        bootedAt: this.#bootedAt,
        online: this.#options.connection.status === 'online',
        busy: this.#options.busy(),
        ownBuild: OWN_BUILD,
        serverBuild: this.serverBuild,
        newBuildSeenAt: this.#newBuildSeenAt,
        spreadMs: this.#spreadMs,
        heapGrowthMb: heapGrowthMb(this.#samples, this.#bootedAt),
        lastUpdateReload: readUpdateReload(),
      },
    );
    if (reason) void this.#reload(reason, now);
  }

  async #reload(reason: ReloadReason, now: number): Promise<void> {
    this.reloading = reason;
    if (reason === 'update' && this.serverBuild) writeUpdateReload({ build: this.serverBuild, at: now });
    // A second for the data to reach the disk; never longer: the reload matters more.
    await Promise.race([
      this.#options.beforeReload().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ]);
    (this.#options.reload ?? (() => window.location.reload()))();
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#versionTimer) clearInterval(this.#versionTimer);
    this.#watchdog?.stop();
    this.#stopKeeping();
    this.#stopStatus();
  }
}

function readUpdateReload(): { build: string; at: number } | null {
  try {
    const raw = sessionStorage.getItem(UPDATE_RELOAD_KEY);
    const value = raw ? (JSON.parse(raw) as { build?: unknown; at?: unknown }) : null;
    return value && typeof value.build === 'string' && typeof value.at === 'number'
      ? { build: value.build, at: value.at }
      : null;
  } catch {
    return null;
  }
}

function writeUpdateReload(value: { build: string; at: number }): void {
  try {
    sessionStorage.setItem(UPDATE_RELOAD_KEY, JSON.stringify(value));
  } catch {
    // Storage full or refused: the retry guard is lost, the minimum uptime still holds.
  }
}
