/**
 * Socket.IO side of the hub: who a connection is (its audience), subscriptions to topic rooms,
 * and the server clock. Which screens are connected is the presence registry's (`presence.ts`),
 * kept by screen control from what the handshake proved; the gateway shows it as `screens`.
 */
import type { Server, Socket } from 'socket.io';
import type {
  Audience,
  ClientToServerEvents,
  HandshakeAuth,
  InterServerEvents,
  ProtocolError,
  ServerToClientEvents,
  SocketData,
  SubscribeAck,
} from '../protocol/index';
import { roomOf, type TopicHub } from './topic-hub';
import { PresenceRegistry } from './presence';
import { DEFAULT_SOCKET_LIMITS, guardOutboundBuffer, SubscriptionBudget, type SocketLimits } from './socket-limits';

export type IocServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * What a grant was given on the strength of: when one of these ends (a screen token revoked, a
 * session ended, an account changed), the sockets granted from it are identified again.
 */
export interface GrantBasis {
  screenTokenId?: number;
  sessionHash?: string;
  userId?: number;
  /** When the session ends by itself (12 hours after sign-in): its sockets end with it. */
  expiresAt?: number;
}

/** What a connection may read, decided from its handshake, and again whenever its basis changes. */
export interface ConnectionGrant {
  audience: Audience;
  /** The screen this connection is, when its token proves it (for heartbeats and the console). */
  screenId: string | null;
  /** The only topics it may join (a screen token: its dashboard's); null = any of its audience. */
  topics: ReadonlySet<string> | null;
  /** An operator or admin: may watch the screens' statuses and command them. */
  controlsScreens?: boolean;
  /** The units a person may act for (`entry:05986`): a scope taken away ends the connection. */
  scopes?: readonly string[];
  /** What it was granted from (none for the public). */
  basis?: GrantBasis;
}

/** Whether a fresh grant still allows what the socket was given (then it may stay, with what it gained). */
function sameGrant(given: ConnectionGrant, fresh: ConnectionGrant): boolean {
  return (
    given.audience === fresh.audience &&
    given.screenId === fresh.screenId &&
    (given.topics === null) === (fresh.topics === null) &&
    Boolean(given.controlsScreens) === Boolean(fresh.controlsScreens) &&
    (given.scopes ?? []).every((scope) => fresh.scopes?.includes(scope))
  );
}

export interface GatewayOptions {
  hub: TopicHub;
  /** Who the handshake is: cookies, a screen token, a claimed public screen id. */
  identify: (handshake: { headers: import('node:http').IncomingHttpHeaders; auth: HandshakeAuth }) => ConnectionGrant;
  version: string;
  /** Adds handlers to each new connection (screen control), with what its handshake proved. */
  attach?: (socket: IocSocket, grant: ConnectionGrant) => void;
  /** What one connection may cost (subscriptions, subscribe rate, unsent bytes). */
  limits?: Partial<SocketLimits>;
  /** The screens connected now, as `attach` enters them (the status book's registry). */
  presence?: PresenceRegistry;
  now?: () => number;
}

const MAX_TOPIC_NAME = 100;

/** The handshake's `auth` as the protocol has it: its string fields, whatever a client sent. */
export function handshakeAuthOf(raw: unknown): HandshakeAuth {
  if (typeof raw !== 'object' || raw === null) return {};
  const { screenToken, screenId } = raw as Record<string, unknown>;
  return {
    ...(typeof screenToken === 'string' ? { screenToken } : {}),
    ...(typeof screenId === 'string' ? { screenId } : {}),
  };
}

export class SocketGateway {
  /** The screens connected now (read-only here: screen control enters and removes them). */
  readonly screens: PresenceRegistry;
  readonly #io: IocServer;
  readonly #options: GatewayOptions;
  readonly #grants = new Map<string, ConnectionGrant>();
  readonly #budgets = new Map<string, SubscriptionBudget>();
  readonly #limits: SocketLimits;
  /** Connections dropped because they stopped reading (their unsent bytes passed the bound). */
  droppedSlowReaders = 0;
  /** Connections dropped because they kept subscribing far past their budget. */
  droppedAbusive = 0;

  constructor(io: IocServer, options: GatewayOptions) {
    this.#io = io;
    this.#options = options;
    this.screens = options.presence ?? new PresenceRegistry(options.now);
    this.#limits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits };
    io.use((socket, next) => {
      const grant = this.#identify(socket);
      socket.data.audience = grant.audience;
      socket.data.screenId = grant.screenId;
      this.#grants.set(socket.id, grant);
      next();
    });
    io.on('connection', (socket) => this.#onConnection(socket));
  }

  get connections(): number {
    return this.#io.engine.clientsCount;
  }

  #identify(socket: IocSocket): ConnectionGrant {
    return this.#options.identify({ headers: socket.handshake.headers, auth: handshakeAuthOf(socket.handshake.auth) });
  }

  /**
   * Identifies again, from their handshakes, the sockets whose grant `affected` picks (a revoked
   * token, an ended session, a changed account). One whose grant no longer holds is disconnected
   * at once: it leaves every room, its presence and its handlers go with it, and if it comes back
   * it is whatever its handshake proves then (the public, for a revoked token or an ended
   * session). Returns how many were cut off.
   */
  reidentify(affected: (grant: ConnectionGrant) => boolean): number {
    let cutOff = 0;
    for (const [socketId, given] of [...this.#grants]) {
      if (!affected(given)) continue;
      const socket = this.#io.sockets.sockets.get(socketId);
      if (!socket) continue; // its handshake failed, or it is already gone
      const fresh = this.#identify(socket);
      if (sameGrant(given, fresh)) {
        // A scope given since stays with the connection, as its basis does.
        this.#grants.set(socketId, { ...given, scopes: fresh.scopes, basis: fresh.basis });
        continue;
      }
      socket.disconnect(true);
      cutOff++;
    }
    return cutOff;
  }

  #onConnection(socket: IocSocket): void {
    const { hub } = this.#options;
    const { screenId, audience } = socket.data;
    socket.emit('session:welcome', {
      audience,
      screenId,
      serverTime: Date.now(),
      version: this.#options.version,
      epoch: hub.epoch,
    });
    const grant = this.#grants.get(socket.id);
    if (grant) this.#options.attach?.(socket, grant);
    this.#guard(socket);

    socket.on('topic:subscribe', (request, ack) => {
      if (typeof ack !== 'function') return;
      ack(this.#subscribe(socket, request));
      if (this.#budgets.get(socket.id)?.abusive) {
        this.droppedAbusive++;
        socket.disconnect(true);
      }
    });

    socket.on('topic:unsubscribe', (request) => {
      const name = (request as { topic?: unknown } | null)?.topic;
      if (typeof name !== 'string' || !hub.has(name)) return;
      this.#budgets.get(socket.id)?.topics.delete(name);
      void socket.leave(roomOf(hub.definition(name)!));
    });

    socket.on('time:ping', (_clientTime, ack) => {
      if (typeof ack === 'function') ack(Date.now());
    });

    socket.on('disconnect', () => {
      this.#grants.delete(socket.id);
      this.#budgets.delete(socket.id);
    });
  }

  /** Bounds what this connection may cost (see `socket-limits.ts`). */
  #guard(socket: IocSocket): void {
    this.#budgets.set(socket.id, new SubscriptionBudget(this.#limits, this.#options.now));
    guardOutboundBuffer(socket, this.#limits.maxBufferedBytes, () => {
      this.droppedSlowReaders++;
    });
  }

  #subscribe(socket: IocSocket, request: unknown): SubscribeAck {
    const { hub } = this.#options;
    const body = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    const { topic, sinceSeq, epoch } = body;
    if (typeof topic !== 'string' || topic.length > MAX_TOPIC_NAME) {
      return refuse('bad_request', 'Thiếu tên chủ đề (topic)', 'topic: must be a topic name');
    }
    if (sinceSeq !== undefined && !(Number.isSafeInteger(sinceSeq) && (sinceSeq as number) >= 0)) {
      return refuse('bad_request', 'sinceSeq phải là số nguyên không âm', 'sinceSeq: must be a non-negative integer');
    }
    if (!hub.has(topic)) return refuse('unknown_topic', `Không có chủ đề ${topic}`, `No topic ${topic}`);
    const definition = hub.definition(topic)!;
    if (definition.audience === 'internal' && socket.data.audience !== 'internal') {
      return refuse('forbidden', `Chủ đề ${topic} chỉ dành cho nội bộ`, `Topic ${topic} is internal only`);
    }
    const allowed = this.#grants.get(socket.id)?.topics;
    // The alert lane (emergencies, takeovers) is for every screen, whatever its dashboard shows.
    if (allowed && !allowed.has(topic) && definition.kind !== 'alert') {
      return refuse(
        'forbidden',
        `Màn hình này không hiển thị chủ đề ${topic}`,
        `This screen does not show topic ${topic}`,
      );
    }
    const overBudget = this.#budgets.get(socket.id)?.admit(topic);
    if (overBudget === 'rate_limited') {
      return refuse(
        'rate_limited',
        'Đăng ký chủ đề quá nhanh, vui lòng thử lại sau vài giây',
        'Too many subscribe requests, retry in a few seconds',
      );
    }
    if (overBudget === 'too_many_subscriptions') {
      return refuse(
        'too_many_subscriptions',
        `Tối đa ${this.#limits.maxSubscriptions} chủ đề cho một kết nối`,
        `At most ${this.#limits.maxSubscriptions} topics per connection`,
      );
    }
    const room = roomOf(definition);
    // Out of the room while the answer is made (a resubscribe may flush pending changes), then
    // back in within the same turn: the next delta this socket gets follows its answer.
    void socket.leave(room);
    const answer = hub.subscribe(topic, sinceSeq as number | undefined, typeof epoch === 'string' ? epoch : undefined);
    void socket.join(room);
    return answer;
  }
}

function refuse(code: ProtocolError['code'], vi: string, en: string): SubscribeAck {
  return { ok: false, error: { code, message: { vi, en } } };
}
