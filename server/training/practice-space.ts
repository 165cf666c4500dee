/**
 * The practice space (môi trường tập huấn): a whole second system, built by the same `buildApp`
 * as the live one, on its own data folder (`<data>/practice/`) and its own port. It has its own
 * event store, aggregators, topic hub and accounts, so nothing a trainee does can reach the live
 * store, topics, screens, exports or Open311 — isolated by construction, not by flags in the live
 * code. It never starts the live system's connectors or webhook outbox: practice notices must not
 * reach the city's loudspeakers.
 *
 * It starts when an operator opens the first training session (or at start when one exists), and
 * `reset()` throws its data away and begins again from fresh practice data; the practice
 * accounts are carried over so that the trainees in the hall can go on signing in.
 */
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { IocApp } from '../app';
import type { LoadedConfig } from '../config/load-config';
import type { UserScope } from '../protocol/rest';
import type { AdminSummary } from '../protocol/topics/admin';
import type { ReportSummary } from '../protocol/topics/reports';
import type { Role } from '../access/roles';
import type { PracticeEvent } from './exercises';
import type { TraineeRole } from './roles';
import { reportsReadModel } from '../domains/reports/aggregator';
import { canonicalCode, codeHash } from '../routes/citizen/tracking-code';

export interface PracticeSpaceOptions {
  /** The live system's config, as it is now: the practice space shows the same dashboards and units. */
  config: () => LoadedConfig;
  /** The practice space's own folder (never the live data folder). */
  dataDir: string;
  port: number;
  host: string;
  /**
   * Builds the practice system (`buildApp` with the trainees' routes and the practice band):
   * given here rather than imported, so that the app and the practice space do not import each other.
   */
  build: (options: { config: LoadedConfig; dataDir: string }) => Promise<IocApp>;
}

/** The account a trainee of a role practises with. */
export function practiceAccountOf(role: TraineeRole, unit: string | null): { role: Role; scopes: UserScope[] } {
  switch (role) {
    case 'entry':
      return { role: 'entry', scopes: unit ? [{ role: 'entry', unit }] : [] };
    case 'handler':
      return { role: 'entry', scopes: unit ? [{ role: 'handler', unit }] : [] };
    case 'operator':
      return { role: 'operator', scopes: [] };
    case 'leader':
      return { role: 'leader', scopes: [] };
  }
}

/** Letters and digits that cannot be mistaken for one another when read off a sheet of paper. */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A practice password handed out on paper in the training hall: 14 readable characters. */
export function practicePassword(): string {
  let password = '';
  for (let i = 0; i < 14; i++) password += READABLE[randomInt(READABLE.length)]!;
  return `${password.slice(0, 7)}-${password.slice(7)}`;
}

interface AccountRow {
  username: string;
  password_hash: string;
  role: string;
  created_at: number;
}
interface ScopeRow {
  username: string;
  role: string;
  unit: string;
  created_at: number;
  created_by: string;
}

export class PracticeSpace {
  readonly #options: PracticeSpaceOptions;
  #ioc: IocApp | null = null;
  #starting: Promise<IocApp> | null = null;
  #url: string | null = null;

  constructor(options: PracticeSpaceOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#ioc !== null;
  }

  /** Where trainees open the practice pages (the bound port), once running. */
  get url(): string | null {
    return this.#url;
  }

  get dataDir(): string {
    return this.#options.dataDir;
  }

  /** The practice system (started on first use). */
  async start(): Promise<IocApp> {
    if (this.#ioc) return this.#ioc;
    this.#starting ??= this.#open().finally(() => (this.#starting = null));
    return this.#starting;
  }

  async #open(): Promise<IocApp> {
    const ioc = await this.#options.build({ config: this.#options.config(), dataDir: this.#options.dataDir });
    await ioc.app.listen({ port: this.#options.port, host: this.#options.host });
    const address = ioc.app.server.address();
    const port = typeof address === 'object' && address ? address.port : this.#options.port;
    const host = this.#options.host === '0.0.0.0' || this.#options.host === '::' ? 'localhost' : this.#options.host;
    this.#url = `http://${host}:${port}`;
    // The simulator only: the practice space never starts the live connectors or the outbox.
    await ioc.simulator?.start();
    this.#ioc = ioc;
    return ioc;
  }

  /** Creates (or replaces) a trainee's practice account; returns nothing secret it did not get. */
  async addAccount(username: string, password: string, role: TraineeRole, unit: string | null): Promise<void> {
    const ioc = await this.start();
    const account = practiceAccountOf(role, unit);
    await ioc.security.createUser(
      { username, password, role: account.role, scopes: account.scopes },
      { actor: 'training' },
    );
  }

  /**
   * Throws the practice data away and starts again from fresh practice data. The practice
   * accounts (their password hashes and units) are carried across: the trainees keep signing in.
   */
  async reset(): Promise<void> {
    const ioc = await this.start();
    const accounts = ioc.db
      .prepare<[], AccountRow>("SELECT username, password_hash, role, created_at FROM users WHERE username <> 'admin'")
      .all();
    const scopes = ioc.db
      .prepare<[], ScopeRow>(
        'SELECT u.username, s.role, s.unit, s.created_at, s.created_by FROM user_scopes s JOIN users u ON u.id = s.user_id',
      )
      .all();
    await this.close();
    for (const name of ['ioc.sqlite', 'ioc.sqlite-wal', 'ioc.sqlite-shm', 'photos'])
      rmSync(path.join(this.#options.dataDir, name), { recursive: true, force: true });
    const fresh = await this.start();
    fresh.db.transaction(() => {
      const insertUser = fresh.db.prepare(
        'INSERT INTO users (username, password_hash, role, must_change_password, created_at) VALUES (?, ?, ?, 0, ?)',
      );
      const insertScope = fresh.db.prepare(
        'INSERT INTO user_scopes (user_id, role, unit, created_at, created_by) SELECT id, ?, ?, ?, ? FROM users WHERE username = ?',
      );
      for (const account of accounts)
        insertUser.run(account.username, account.password_hash, account.role, account.created_at);
      for (const scope of scopes)
        insertScope.run(scope.role, scope.unit, scope.created_at, scope.created_by, scope.username);
    })();
    fresh.security.audit({ actor: 'training' }, 'training.reset');
  }

  /** The events a practice account made, oldest first (what the exercises are checked on). */
  eventsOf(username: string): PracticeEvent[] {
    if (!this.#ioc) return [];
    return this.#ioc.db
      .prepare<[string], { kind: string; time: number; payload: string }>(
        // The LIKE term lets SQLite use the partial index of people's events (migration 011).
        "SELECT kind, time, payload FROM events WHERE source = ? AND source LIKE 'user:%' ORDER BY seq",
      )
      .all(`user:${username}`)
      .map((row) => ({ kind: row.kind, time: row.time, data: JSON.parse(row.payload) as Record<string, unknown> }));
  }

  /**
   * The practice report a typed tracking code belongs to, found the way the citizens' page finds
   * it (the code's fingerprint with this space's own secret); null when none does.
   */
  citizenReportOf(typed: string | null): { reportId: string } | null {
    const code = typed === null ? null : canonicalCode(typed);
    if (!this.#ioc || !code) return null;
    const secret = this.#ioc.db
      .prepare<[], { value: Buffer }>("SELECT value FROM server_secrets WHERE name = 'citizen'")
      .get();
    if (!secret) return null;
    const report = reportsReadModel(this.#ioc.runtime)?.byTrackingCodeHash(codeHash(secret.value, code));
    return report ? { reportId: report.id } : null;
  }

  /** The practice topics the question exercises are checked against, as they are now. */
  topics(): { reports: ReportSummary | null; admin: AdminSummary | null } {
    const hub = this.#ioc?.hub;
    if (!hub) return { reports: null, admin: null };
    const read = <N extends 'reports.summary' | 'admin.summary'>(name: N) =>
      hub.has(name) && hub.info(name)?.seq ? hub.snapshot(name).data : null;
    return { reports: read('reports.summary'), admin: read('admin.summary') };
  }

  async close(): Promise<void> {
    const ioc = this.#ioc;
    this.#ioc = null;
    this.#url = null;
    if (ioc) await ioc.close();
  }
}
