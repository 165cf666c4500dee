/**
 * This process's book of screens: which sockets each screen has open here (its `PresenceRegistry`,
 * the one the gateway and the screen sync read too), its latest heartbeat, whether it is online
 * (and since when), its display mode and its last command. What it knows of presence it publishes
 * to the presence board (`entries`), which the console reads across processes; takeover
 * acknowledgements and thumbnails live in their own stores (`takeover-acks.ts`, `thumbnails.ts`).
 * No sockets and no timers here: the clock is passed in, so the rules (offline after 15 s of
 * silence) are tested with a fake clock.
 */
import type {
  CareState,
  CommandOutcome,
  DisplayMode,
  LastCommand,
  ScreenCommand,
  ScreenHeartbeat,
  ScreenStatus,
  TakeoverVisibility,
} from '../protocol/index';
import type { LocalizedText } from '../protocol/topics';
import type { ScreenIdentity } from '../protocol/targeting';
import { PresenceRegistry } from './presence';
import type { ScreenPresence } from './presence-board';

/** No heartbeat for this long and a screen counts as offline, even with its socket open. */
export const OFFLINE_AFTER_MS = 15_000;

/** A registered screen, from the config. */
export interface ScreenInfo extends ScreenIdentity {
  number: number;
  name: LocalizedText;
  location: string | null;
  profile: string;
  audience: 'internal' | 'public';
  resolution: [number, number];
}

interface ScreenRecord {
  heartbeat: ScreenHeartbeat | null;
  heartbeatAt: number | null;
  lastSeenAt: number | null;
  online: boolean;
  since: number | null;
  mode: DisplayMode;
  /** Whether an operator set the mode since this server started. */
  modeSet: boolean;
  lastCommand: LastCommand | null;
}

/**
 * What a command orders a screen: it becomes the screen's last command, and dim, blank or wake
 * set its mode. Null for a thumbnail, a read the console makes every minute, no operator's order.
 * One process keeps it in its book; several on Redis (`scaleout/redis-screen-orders.ts`).
 */
export function orderOf(
  command: ScreenCommand,
  sentAt: number,
): { lastCommand: LastCommand; mode: DisplayMode | null } | null {
  if (command.kind === 'thumbnail') return null;
  const mode =
    command.kind === 'dim' || command.kind === 'blank' ? command.kind : command.kind === 'wake' ? 'normal' : null;
  return { lastCommand: { id: command.id, kind: command.kind, sentAt, outcome: null }, mode };
}

export class ScreenStatusBook {
  /** The screens' open sockets, now; the records below outlive them (last heartbeat, mode…). */
  readonly presence: PresenceRegistry;
  readonly #records = new Map<string, ScreenRecord>();
  /** Screens whose status changed since the last `drainChanged` (for the console's deltas). */
  readonly #changed = new Set<string>();
  /** Whether presence changed since the last `presenceChanged` (what the board has is behind). */
  #presenceChanged = false;
  readonly #now: () => number;

  constructor(now: () => number, presence: PresenceRegistry = new PresenceRegistry(now)) {
    this.#now = now;
    this.presence = presence;
  }

  #record(screenId: string): ScreenRecord {
    let record = this.#records.get(screenId);
    if (!record) {
      record = {
        heartbeat: null,
        heartbeatAt: null,
        lastSeenAt: null,
        online: false,
        since: null,
        mode: 'normal',
        modeSet: false,
        lastCommand: null,
      };
      this.#records.set(screenId, record);
    }
    return record;
  }

  #touch(screenId: string): void {
    this.#changed.add(screenId);
    this.#presenceChanged = true;
    this.#refresh(screenId, this.#record(screenId), this.#now());
  }

  /** Online = a socket open and heard from within `OFFLINE_AFTER_MS`; a change is dated. */
  #refresh(screenId: string, record: ScreenRecord, now: number): void {
    const sockets = this.presence.socketsOf(screenId).length;
    const online = sockets > 0 && record.lastSeenAt !== null && now - record.lastSeenAt < OFFLINE_AFTER_MS;
    if (online === record.online) return;
    record.online = online;
    // Going offline for silence dates from the last sign of life, not from when we noticed.
    record.since = online || sockets === 0 ? now : (record.lastSeenAt ?? 0) + OFFLINE_AFTER_MS;
    this.#changed.add(screenId);
    this.#presenceChanged = true;
  }

  connected(socketId: string, screenId: string): void {
    const record = this.#record(screenId);
    record.lastSeenAt = this.presence.connect(socketId, screenId).connectedAt;
    this.#touch(screenId);
  }

  disconnected(socketId: string): void {
    const connection = this.presence.disconnect(socketId);
    if (connection) this.#touch(connection.screenId);
  }

  /** The screen of a socket, as proven at its handshake (never what a message says). */
  screenOf(socketId: string): string | null {
    return this.presence.screenOf(socketId);
  }

  heartbeat(socketId: string, heartbeat: ScreenHeartbeat): void {
    const connection = this.presence.heard(socketId, heartbeat);
    if (!connection) return;
    const screenId = connection.screenId;
    const record = this.#record(screenId);
    const now = connection.lastSeenAt;
    record.heartbeat = heartbeat;
    record.heartbeatAt = now;
    record.lastSeenAt = now;
    this.#touch(screenId);
  }

  /** Re-evaluates every screen against the clock (called about once a second). */
  tick(): void {
    const now = this.#now();
    for (const [screenId, record] of this.#records) this.#refresh(screenId, record, now);
  }

  isOnline(screenId: string): boolean {
    return this.#records.get(screenId)?.online ?? false;
  }

  commandSent(screenId: string, command: ScreenCommand): void {
    const order = orderOf(command, this.#now());
    if (!order) return;
    const record = this.#record(screenId);
    record.lastCommand = order.lastCommand;
    if (order.mode) {
      record.mode = order.mode;
      record.modeSet = true;
    }
    this.#changed.add(screenId);
  }

  commandAnswered(outcome: CommandOutcome, commandId: string): void {
    const record = this.#record(outcome.screenId);
    if (record.lastCommand?.id !== commandId) return;
    record.lastCommand = { ...record.lastCommand, outcome };
    this.#changed.add(outcome.screenId);
  }

  /** The mode an operator last set: a screen that reconnects (or reboots) is put back in it. */
  mode(screenId: string): DisplayMode {
    return this.#records.get(screenId)?.mode ?? 'normal';
  }

  /** The mode an operator set since this server started, or null when none did. */
  operatorMode(screenId: string): DisplayMode | null {
    const record = this.#records.get(screenId);
    return record?.modeSet ? record.mode : null;
  }

  /** A screen as this process sees it (the console adds what other processes say, and the thumbnail). */
  status(screen: ScreenInfo): Omit<ScreenStatus, 'thumbnailAt'> {
    const record = this.#records.get(screen.id);
    return {
      id: screen.id,
      number: screen.number,
      name: screen.name,
      location: screen.location,
      profile: screen.profile,
      audience: screen.audience,
      resolution: screen.resolution,
      groups: [...screen.groups],
      online: record?.online ?? false,
      since: record?.since ?? null,
      connections: this.presence.socketsOf(screen.id).length,
      heartbeat: record?.heartbeat ?? null,
      heartbeatAt: record?.heartbeatAt ?? null,
      mode: record?.mode ?? 'normal',
      lastCommand: record?.lastCommand ?? null,
    };
  }

  /** What this process knows of the presence of every screen it has seen, for the presence board. */
  entries(): ScreenPresence[] {
    return [...this.#records].map(([screenId, record]) => ({
      screenId,
      online: record.online,
      since: record.since,
      connections: this.presence.socketsOf(screenId).length,
      heartbeat: record.heartbeat,
      heartbeatAt: record.heartbeatAt,
    }));
  }

  hasChanges(): boolean {
    return this.#changed.size > 0;
  }

  /** The screens that changed since the last call. */
  drainChanged(): string[] {
    const screens = [...this.#changed];
    this.#changed.clear();
    return screens;
  }

  /** Whether presence changed since the last call (the board should hear of it). */
  presenceChanged(): boolean {
    const changed = this.#presenceChanged;
    this.#presenceChanged = false;
    return changed;
  }
}

/** What an older display build sends: it acknowledged without looking, so it is not taken as seen. */
export const UNCHECKED_REASON = {
  vi: 'phiên bản màn hình cũ không kiểm tra được thông báo có hiển thị hay không; màn hình sẽ tự cập nhật',
  en: 'this screen runs an older build that does not check whether the takeover is visible; it updates itself',
} as const;

/** A screen's acknowledgement message is its word: well-typed and bounded, or refused (null). */
export function sanitizeTakeoverAck(
  raw: unknown,
): { takeoverId: string; shownAt: number | null; visibility: TakeoverVisibility } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const body = raw as { [key: string]: unknown };
  if (typeof body.takeoverId !== 'string' || body.takeoverId.length === 0 || body.takeoverId.length > 100) return null;
  const shownAt = finiteOrNull(body.shownAt);
  if (body.visible === true) return { takeoverId: body.takeoverId, shownAt, visibility: { visible: true } };
  if (body.visible !== false)
    return { takeoverId: body.takeoverId, shownAt, visibility: { visible: false, reason: { ...UNCHECKED_REASON } } };
  const reason = (typeof body.reason === 'object' && body.reason !== null ? body.reason : {}) as {
    vi?: unknown;
    en?: unknown;
  };
  const vi = clip(reason.vi, 200) || 'không rõ lý do';
  const en = clip(reason.en, 200) || 'no reason given';
  return { takeoverId: body.takeoverId, shownAt, visibility: { visible: false, reason: { vi, en } } };
}

function sanitizeCare(raw: unknown): CareState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const care = raw as { [key: string]: unknown };
  if (care.mode !== 'day' && care.mode !== 'night' && care.mode !== 'blank') return null;
  const brightness = finiteOrNull(care.brightness);
  const until = typeof care.until === 'string' && /^\d{2}:\d{2}$/.test(care.until) ? care.until : null;
  return { mode: care.mode, brightness: brightness === null ? 1 : Math.min(1, Math.max(0, brightness)), until };
}

const clip = (value: unknown, max: number): string | null => (typeof value === 'string' ? value.slice(0, max) : null);
const finiteOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const MODES: readonly DisplayMode[] = ['normal', 'dim', 'blank'];

/** A heartbeat is the screen's word: keep only well-typed, bounded fields, never arbitrary payloads. */
export function sanitizeHeartbeat(raw: object, screenId: string): ScreenHeartbeat {
  const heartbeat = raw as { [key: string]: unknown };
  return {
    screenId,
    dashboard: clip(heartbeat.dashboard, 64),
    playlistItem: clip(heartbeat.playlistItem, 100),
    fps: finiteOrNull(heartbeat.fps) ?? 0,
    memoryMb: finiteOrNull(heartbeat.memoryMb),
    lastMessageAgeMs: finiteOrNull(heartbeat.lastMessageAgeMs),
    latencyMs: finiteOrNull(heartbeat.latencyMs),
    latencyMaxMs: finiteOrNull(heartbeat.latencyMaxMs),
    version: clip(heartbeat.version, 80),
    uptimeMs: finiteOrNull(heartbeat.uptimeMs),
    mode: MODES.includes(heartbeat.mode as DisplayMode) ? (heartbeat.mode as DisplayMode) : 'normal',
    care: sanitizeCare(heartbeat.care),
    takeover: clip(heartbeat.takeover, 100),
  };
}
