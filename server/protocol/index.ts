/**
 * The wire contract between the server and every display.
 *
 * The display imports this module as types only (`import type`), so nothing here may hold
 * run-time code that pulls server dependencies into the browser bundle.
 */
import type { TopicName, TopicPayloads, TopicDelta } from './topics';

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

/** The answer to `topic:subscribe`: a snapshot, the deltas missed since `sinceSeq`, or an error. */
export type SubscribeAck<N extends TopicName = TopicName> =
  | { ok: true; mode: 'snapshot'; snapshot: TopicSnapshot<N> }
  | { ok: true; mode: 'replay'; deltas: TopicDeltaMessage<N>[] }
  | { ok: false; error: ProtocolError };

export interface ProtocolError {
  code: 'unknown_topic' | 'forbidden' | 'bad_request';
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

/** A screen's report of its own health, shown in the console. */
export interface ScreenHeartbeat {
  screenId: string;
  dashboard: string | null;
  fps: number;
  memoryMb: number | null;
  /** Age in ms of the newest message the screen applied. */
  lastMessageAgeMs: number | null;
  latencyMs: number | null;
}

/** Connection handshake (`io(url, { auth })`). */
export interface HandshakeAuth {
  screenId?: string;
}

export interface ServerToClientEvents {
  'session:welcome': (welcome: Welcome) => void;
  'topic:delta': (message: TopicDeltaMessage) => void;
  /** The server asks the client to drop its state of a topic and subscribe again. */
  'topic:reset': (topic: TopicName) => void;
  'config:changed': (info: { dashboards: string[]; screens: string[] }) => void;
  /** A screen's new setup: an operator changed what it shows, or the config was reloaded. */
  'screen:setup': (setup: ScreenSetup) => void;
}

export interface ClientToServerEvents {
  'topic:subscribe': (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  'topic:unsubscribe': (request: { topic: TopicName }) => void;
  'screen:heartbeat': (heartbeat: ScreenHeartbeat) => void;
  'time:ping': (clientTime: number, ack: (serverTime: number) => void) => void;
}

export type InterServerEvents = Record<string, never>;

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
  };
  topics: TopicInfo[];
}
