/**
 * The wire contract between the server and every display.
 *
 * The display imports this module as types only (`import type`), so nothing here may hold
 * run-time code that pulls server dependencies into the browser bundle.
 */
import type { LocalizedText, TakeoverItem, TopicName, TopicPayloads, TopicDelta } from './topics';

export type { TopicName, TopicPayloads, TopicDelta } from './topics';
export * from './topics';

/** Who a connection speaks for: a public connection may join public topics only. */
export type Audience = 'internal' | 'public';

/**
 * How a topic is delivered. `state` changes are coalesced per tick into one message per room;
 * `alert` changes (emergencies) are sent at once and never coalesced.
 */
export type TopicKind = 'state' | 'alert';

/**
 * The shape of a topic's live state.
 * - `value`: one value, replaced as a whole (`delta.set`).
 * - `collection`: items keyed by `id`, newest first, bounded (`delta.upsert` / `delta.remove`).
 */
export type TopicShape = 'value' | 'collection';

/** What a client learns about a topic without subscribing. */
export interface TopicInfo {
  name: TopicName;
  domain: string;
  audience: Audience;
  kind: TopicKind;
  shape: TopicShape;
  /** How often the topic is expected to change; older data is shown as stale. */
  expectedIntervalMs: number;
  seq: number;
  /** Epoch ms of the last change, or null when the topic has not changed since start. */
  changedAt: number | null;
  title: { vi: string; en: string };
}

export interface TopicSnapshot<N extends TopicName = TopicName> {
  topic: N;
  seq: number;
  changedAt: number | null;
  /** True when the data comes (in part) from the simulator. */
  simulated: boolean;
  data: TopicPayloads[N];
}

export interface TopicDeltaMessage<N extends TopicName = TopicName> {
  topic: N;
  seq: number;
  changedAt: number;
  simulated: boolean;
  delta: TopicDelta<N>;
}

/**
 * The answer to `topic:subscribe`: a snapshot, the deltas missed since `sinceSeq`, or an error.
 * `epoch`: the run of the server's topics the seqs belong to, which a client sends back to resume.
 * It can be newer than the welcome's (this process became the leader, or copied a new leader's
 * topics, after the screen connected); a client that took the welcome's would later resume a new
 * run's seq as an old one's. Absent where no server answers (a replay in the browser).
 */
export type SubscribeAck<N extends TopicName = TopicName> =
  | { ok: true; mode: 'snapshot'; snapshot: TopicSnapshot<N>; epoch?: string }
  | { ok: true; mode: 'replay'; deltas: TopicDeltaMessage<N>[]; epoch?: string }
  | { ok: false; error: ProtocolError };

export interface ProtocolError {
  /**
   * `rate_limited`: retry in a few seconds; `too_many_subscriptions`: unsubscribe from some first;
   * `unavailable`: what is shared between server processes (Redis) could not be read, retry.
   */
  code: 'unknown_topic' | 'forbidden' | 'bad_request' | 'rate_limited' | 'too_many_subscriptions' | 'unavailable';
  message: { vi: string; en: string };
}

export interface SubscribeRequest {
  topic: TopicName;
  /** The last seq the client applied; the server replays what came after, or sends a snapshot. */
  sinceSeq?: number;
  /**
   * The server `epoch` (from `session:welcome`) that `sinceSeq` belongs to. Seqs restart when the
   * server restarts, so a replay is only given for the same epoch; otherwise a snapshot.
   */
  epoch?: string;
}

/** Sent by the server once a connection is set up: who it is and the server's clock. */
export interface Welcome {
  audience: Audience;
  screenId: string | null;
  serverTime: number;
  /** Build id of the server; a display that sees it change may update itself. */
  version: string;
  /** Identifies this run of the server: topic seqs are only comparable within one epoch. */
  epoch: string;
}

/** How a screen shows its content: normally, dimmed, or blanked (black) by an operator. */
export type DisplayMode = 'normal' | 'dim' | 'blank';

/**
 * The screen's own night schedule (display care, per profile) as it applies now: `night` dims to
 * `brightness`, `blank` is black; `until` is the city time ("05:00") the current window ends.
 */
export interface CareState {
  mode: 'day' | 'night' | 'blank';
  brightness: number;
  until: string | null;
}

/**
 * A screen's report of its own health, every ~5 s over its socket, shown in the console.
 * Latency is ingest-to-screen: the receive time of each `topic:delta` on the server's clock
 * (clock offset from `time:ping`) minus the hub's stamp `changedAt`.
 */
export interface ScreenHeartbeat {
  screenId: string;
  /** The dashboard on screen now. */
  dashboard: string | null;
  /** The playlist item on screen now, when the screen plays a playlist. */
  playlistItem: string | null;
  /** Animation frames in the last second. */
  fps: number;
  /** JS heap in use (Chromium's `performance.memory`), null where the browser does not tell. */
  memoryMb: number | null;
  /** Age in ms of the newest message the screen received. */
  lastMessageAgeMs: number | null;
  /** Median ingest-to-screen latency of the messages since the last heartbeat. */
  latencyMs: number | null;
  /** Worst ingest-to-screen latency since the last heartbeat. */
  latencyMaxMs: number | null;
  /** Build of the display code the screen runs. */
  version: string | null;
  /** Since the page (re)loaded. */
  uptimeMs: number | null;
  mode: DisplayMode;
  /** The night schedule's mode now; null from a screen that does not say (an older build). */
  care: CareState | null;
  /** The takeover on screen now. */
  takeover: string | null;
}

/**
 * What an operator asks of a screen (`screen:command`). The screen answers each with a
 * `CommandReply`; kinds it has no handler for are refused with a reason (the playlist plugs in
 * `switch-dashboard`, `next` and `previous`).
 */
export type ScreenCommand =
  | { id: string; kind: 'identify'; number: number; label: LocalizedText; durationMs: number }
  | { id: string; kind: 'reload' }
  | { id: string; kind: 'dim' }
  | { id: string; kind: 'blank' }
  | { id: string; kind: 'wake' }
  | { id: string; kind: 'switch-dashboard'; dashboard: string }
  | { id: string; kind: 'next' }
  | { id: string; kind: 'previous' }
  | { id: string; kind: 'thumbnail'; width: number };

export type ScreenCommandKind = ScreenCommand['kind'];

export type CommandReply =
  { ok: true; /** `thumbnail`: a JPEG data URL. */ image?: string } | { ok: false; message: LocalizedText };

/** What became of a command on one screen. */
export interface CommandOutcome {
  screenId: string;
  /** acked: the screen did it; refused: it said why not; offline: not connected; timeout: no answer. */
  status: 'acked' | 'refused' | 'offline' | 'timeout';
  at: number;
  message?: LocalizedText;
}

/** The last command sent to a screen and its answer, for the console's card. */
export interface LastCommand {
  id: string;
  kind: ScreenCommandKind;
  sentAt: number;
  outcome: CommandOutcome | null;
}

/** A screen as the console sees it: its config, whether it is online, its latest heartbeat. */
export interface ScreenStatus {
  id: string;
  /** 1-based, in config order: what `identify` shows on the screen and the console on its card. */
  number: number;
  name: LocalizedText;
  location: string | null;
  profile: string;
  audience: Audience;
  resolution: [number, number];
  groups: string[];
  /** Online: a socket is open and it sent a heartbeat in the last 15 s. */
  online: boolean;
  /** Since when it is online or offline; null when not seen since the server started. */
  since: number | null;
  connections: number;
  heartbeat: ScreenHeartbeat | null;
  heartbeatAt: number | null;
  /** When the latest thumbnail was taken (`GET /api/v1/screens/:id/thumbnail`). */
  thumbnailAt: number | null;
  mode: DisplayMode;
  lastCommand: LastCommand | null;
}

/**
 * Whether a person can read the takeover on the screen now: the screen checked that it is on top
 * (the element at the centre of the viewport is the takeover's) at full brightness (no veil
 * above it, no opacity or filter on it). When not, the reason, in both languages.
 */
export type TakeoverVisibility = { visible: true } | { visible: false; reason: LocalizedText };

/** `screen:takeover-ack`: sent when the screen has the takeover, and again whenever its visibility changes. */
export type TakeoverAckMessage = { takeoverId: string; shownAt: number } & TakeoverVisibility;

/**
 * A screen's acknowledgement of a takeover. Only `visible: true` means "a person can read it
 * now"; `visible: false` is "received, not visible" with the screen's reason.
 */
export type TakeoverAck = {
  screenId: string;
  /** Server time the (latest) acknowledgement arrived. */
  ackedAt: number;
  /**
   * Server time the screen says it had the takeover visible (its clock corrected by the offset);
   * for "received, not visible", when it checked.
   */
  shownAt: number | null;
} & TakeoverVisibility;

/** One takeover and, for each targeted screen, whether it acknowledged. */
export interface TakeoverStatus {
  takeover: TakeoverItem;
  screens: Array<{ screenId: string; online: boolean; ack: TakeoverAck | null }>;
}

/**
 * For the console (`console:watch`, then `console:screens`): the screens that changed (all of
 * them when `full`) and the acknowledgements of the active takeovers, by takeover id.
 */
export interface ScreensUpdate {
  full: boolean;
  serverTime: number;
  screens: ScreenStatus[];
  acks: Record<string, TakeoverAck[]>;
}

export type WatchAnswer = { ok: true; update: ScreensUpdate } | { ok: false; error: ProtocolError };

/**
 * Connection handshake (`io(url, { auth })`), as the display sends it. A screen is its token
 * (`screenToken`, `iocs_…`); `screenId` only says which screen the page believes it is and
 * grants nothing. A person is the session cookie, sent with the handshake.
 */
export interface HandshakeAuth {
  screenToken?: string;
  screenId?: string;
}

/**
 * `server:leaving`: this server process is shutting down (a rolling restart). The client should
 * not wait for its backoff: once the connection drops, reconnect after `reconnectAfterMs` plus a
 * random share of `jitterMs` (the screens of one process must not all knock in the same
 * millisecond), to the same address, where another process answers; then resume its topics.
 */
export interface LeavingNotice {
  reconnectAfterMs: number;
  jitterMs: number;
}

export interface ServerToClientEvents {
  'session:welcome': (welcome: Welcome) => void;
  /** The server process is shutting down: reconnect at once (with a short jitter), not after the backoff. */
  'server:leaving': (notice: LeavingNotice) => void;
  'topic:delta': (message: TopicDeltaMessage) => void;
  /** The server asks the client to drop its state of a topic and subscribe again. */
  'topic:reset': (topic: TopicName) => void;
  'config:changed': (info: { dashboards: string[]; screens: string[] }) => void;
  /** A screen's new setup: an operator changed what it shows, or the config was reloaded. */
  'screen:setup': (setup: ScreenSetup) => void;
  /** To a screen's sockets: an operator's command; the screen answers through the ack. */
  'screen:command': (command: ScreenCommand, ack: (reply: CommandReply) => void) => void;
  /** To consoles that watch: changed screen statuses and takeover acknowledgements. */
  'console:screens': (update: ScreensUpdate) => void;
}

export interface ClientToServerEvents {
  'topic:subscribe': (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  'topic:unsubscribe': (request: { topic: TopicName }) => void;
  'screen:heartbeat': (heartbeat: ScreenHeartbeat) => void;
  'time:ping': (clientTime: number, ack: (serverTime: number) => void) => void;
  /**
   * A screen has this takeover: visible (on top, full brightness), or received but not visible
   * with the reason. Sent once per takeover and connection, and again when that changes.
   */
  'screen:takeover-ack': (ack: TakeoverAckMessage) => void;
  /** A console (operator, admin) asks for the screens' statuses, then gets `console:screens`. */
  'console:watch': (ack: (answer: WatchAnswer) => void) => void;
}

/** The aggregation leader's topics as a whole: what a follower process copies (scale-out). */
export interface TopicsState {
  epoch: string;
  snapshots: TopicSnapshot[];
}

/** Between server processes on one Redis (scale-out, `server/scaleout/`); none in one process. */
export interface InterServerEvents {
  /** The leader sent a delta: followers keep their copy of its topics current. */
  'ioc:delta': (epoch: string, message: TopicDeltaMessage) => void;
  /** A process became the leader (a new epoch): its whole state. */
  'ioc:leader': (state: TopicsState) => void;
  /** A follower asks for the leader's state; only the leader answers with one. */
  'ioc:state': (ack: (state: TopicsState | null) => void) => void;
  /** A process's screens changed (presence, acknowledgements, thumbnails): read the shared state again. */
  'ioc:screens': () => void;
}

export interface SocketData {
  audience: Audience;
  screenId: string | null;
}

/**
 * `GET /api/v1/screens/:id/setup`, and `screen:setup` on a screen's socket whenever an operator
 * changes what it shows: everything a screen needs to draw itself, resolved by the server from the
 * validated config and the screen registry. Shapes come from `config/schema/`.
 */
export interface ScreenSetup {
  screen: import('../../config/schema/screen').Screen;
  /** The screen's dashboard; with a playlist, its first item's (the page picks the current one). */
  dashboard: import('../../config/schema/dashboard').Dashboard;
  /** Every dashboard the screen may show, by id: its dashboard, or each one of its playlist. */
  dashboards: Record<string, import('../../config/schema/dashboard').Dashboard>;
  playlist: import('../../config/schema/playlist').Playlist | null;
  /** The tiled wall this screen is one tile of. */
  wall: import('../../config/schema/screen').VideoWall | null;
  city: {
    name: { vi: string; en: string };
    timeZone: string;
    locale: 'vi' | 'en';
    center: [number, number];
    zoom: number;
    wardBoundariesSchematic: boolean;
    /** Who runs the IOC, named in the screen's header (`config/units.yaml`). */
    operatingBody: { vi: string; en: string };
    /** The citizens' page, where the LED panels' QR codes lead; null while `citizen.publicUrl` is unset. */
    citizenPageUrl: string | null;
  };
  topics: TopicInfo[];
}
