/**
 * What one process tells the others it changed in the shared tables (the screens registry, screen
 * tokens, accounts, sessions and feed keys), over PostgreSQL LISTEN/NOTIFY on a connection of its own. A notification only says
 * *what* changed; each process then reloads that part from the tables, so a notification lost
 * while the connection was down costs nothing: on reconnecting, every part is reloaded.
 *
 * The channel is named after the schema: two systems (or two tests) on one database never wake
 * each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { clientConfig, type PgOptions } from './pg-database';

const RECONNECT_MS = 1000;

export class PgNotifications {
  readonly #options: PgOptions;
  readonly #pool: pg.Pool;
  readonly #channel: string;
  /** Names this process in its own notifications, which it does not act on twice. */
  readonly #origin = randomBytes(6).toString('hex');
  readonly #reloads = new Map<string, () => void>();
  #client: pg.Client | null = null;
  #retry: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: PgOptions, pool: pg.Pool) {
    this.#options = options;
    this.#pool = pool;
    this.#channel = options.schema ? `ioc_registry_${options.schema}` : 'ioc_registry';
  }

  /** `reload` runs when another process changed `part`, and after every reconnect. */
  subscribe(part: string, reload: () => void): void {
    this.#reloads.set(part, reload);
  }

  /** Listens from now on; throws when PostgreSQL cannot be reached at start. */
  async start(): Promise<void> {
    await this.#connect();
  }

  /** Tells the other processes `part` changed. Within `client`'s transaction, it goes at COMMIT. */
  async notify(part: string, client: pg.Pool | pg.PoolClient = this.#pool): Promise<void> {
    await client.query('SELECT pg_notify($1, $2)', [this.#channel, `${this.#origin} ${part}`]);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(clientConfig(this.#options));
    client.on('notification', (message) => {
      const [origin, part] = (message.payload ?? '').split(' ');
      if (origin !== this.#origin && part) this.#reloads.get(part)?.();
    });
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    await client.connect();
    await client.query(`LISTEN "${this.#channel.replaceAll('"', '""')}"`);
    this.#client = client;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => {});
    if (!this.#closed) this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#connect().then(
        // What others changed meanwhile was never heard: read every part again.
        () => this.#reloads.forEach((reload) => reload()),
        () => {
          if (!this.#closed) this.#scheduleReconnect();
        },
      );
    }, RECONNECT_MS);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
