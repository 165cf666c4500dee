/**
 * The secrets a start hands out: the first admin's one-time password and a link with a token for
 * each configured screen that never had one (every screen on a fresh install; after an upgrade,
 * the public panels that used to run without). They must never reach a log: they are printed only
 * to a terminal, and kept in a file of the data folder that only the owner can read (0600), so
 * that `npm run ioc -- secrets` can show them again. An entry leaves the file once used (the
 * password changed, the token seen or revoked); the file goes when nothing is left.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AccessStore } from './access-store';

const SECRETS_FILE = 'startup-secrets.json';

export interface ScreenLink {
  screenId: string;
  audience: 'internal' | 'public';
  tokenId: number;
  url: string;
}

export interface StartupSecrets {
  admin: { username: string; password: string } | null;
  screens: ScreenLink[];
}

export function secretsPath(dataDir: string): string {
  return path.join(dataDir, SECRETS_FILE);
}

function read(file: string): StartupSecrets {
  if (!existsSync(file)) return { admin: null, screens: [] };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StartupSecrets>;
    return { admin: parsed.admin ?? null, screens: Array.isArray(parsed.screens) ? parsed.screens : [] };
  } catch {
    return { admin: null, screens: [] };
  }
}

/** The secrets not used yet; the file is rewritten without the used ones (removed when empty). */
export function pendingSecrets(dataDir: string, security: AccessStore): StartupSecrets {
  const file = secretsPath(dataDir);
  const stored = read(file);
  const admin =
    stored.admin && security.users().some((user) => user.username === stored.admin!.username && user.mustChangePassword)
      ? stored.admin
      : null;
  const tokens = new Map(security.screenTokens().map((token) => [token.id, token]));
  const screens = stored.screens.filter((link) => {
    const token = tokens.get(link.tokenId);
    return token !== undefined && token.lastUsedAt === null && token.revokedAt === null;
  });
  const pending = { admin, screens };
  if (admin !== stored.admin || screens.length !== stored.screens.length) save(file, pending);
  return pending;
}

/**
 * Drops the used secrets from the file. The server calls it every minute, so that a token a
 * screen has started using does not stay readable in the file until the next start.
 */
export function pruneUsedSecrets(dataDir: string, security: AccessStore): void {
  if (existsSync(secretsPath(dataDir))) pendingSecrets(dataDir, security);
}

function save(file: string, secrets: StartupSecrets): void {
  if (!secrets.admin && secrets.screens.length === 0) {
    rmSync(file, { force: true });
    return;
  }
  // `mode` applies only when the file is created: chmod as well, for one left by an older start.
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The lines a person reads: Vietnamese first, English second. */
export function describeSecrets(secrets: StartupSecrets): string[] {
  const lines: string[] = [];
  if (secrets.admin) {
    lines.push(
      `  Tài khoản quản trị đầu tiên / first admin account:  ${secrets.admin.username}  /  ${secrets.admin.password}`,
      '  (đổi mật khẩu khi đăng nhập lần đầu — change it at first sign-in)',
    );
  }
  for (const link of secrets.screens) {
    const kind = link.audience === 'public' ? 'Màn hình công cộng / public screen' : 'Màn hình / screen';
    lines.push(`  ${kind} ${link.screenId}:  ${link.url}`);
  }
  return lines;
}

export interface IssueOptions {
  security: AccessStore;
  dataDir: string;
  /** The configured screens. */
  screens: Iterable<{ id: string; audience: 'internal' | 'public' }>;
  /** Where screens reach the server, for the links. */
  baseUrl: string;
  /** The first admin's one-time password, on a fresh install. */
  adminPassword: string | null;
  /** Whether the output is a person's terminal (then the secrets are shown there). */
  tty: boolean;
  print: (text: string) => void;
}

/**
 * Makes a token for each configured screen that never had one, keeps the new secrets with the
 * unused ones in the 0600 file, and says where they are: the secrets themselves on a terminal,
 * only the file's path otherwise (output that is not a terminal ends up in a log).
 */
export async function issueStartupSecrets(options: IssueOptions): Promise<StartupSecrets> {
  const { security, dataDir } = options;
  const pending = pendingSecrets(dataDir, security);
  const hadToken = new Set(security.screenTokens().map((token) => token.screenId));
  const fresh: StartupSecrets = {
    admin: options.adminPassword ? { username: 'admin', password: options.adminPassword } : null,
    screens: [],
  };
  for (const screen of options.screens) {
    if (hadToken.has(screen.id)) continue;
    const { token, screenToken } = await security.createScreenToken(screen.id, { actor: 'system' });
    fresh.screens.push({
      screenId: screen.id,
      audience: screen.audience,
      tokenId: screenToken.id,
      url: `${options.baseUrl}/wall/${screen.id}?token=${token}`,
    });
  }
  const all: StartupSecrets = { admin: fresh.admin ?? pending.admin, screens: [...pending.screens, ...fresh.screens] };
  save(secretsPath(dataDir), all);
  if (!fresh.admin && fresh.screens.length === 0) return fresh;
  if (options.tty) {
    options.print(['', ...describeSecrets(fresh), ''].join('\n'));
  } else {
    options.print(
      [
        '',
        `  Mật khẩu và liên kết màn hình mới được lưu (chỉ chủ sở hữu đọc được) tại / new passwords and screen links are in (owner-only): ${secretsPath(dataDir)}`,
        '  Xem lại / show them: npm run ioc -- secrets',
        '',
      ].join('\n'),
    );
  }
  return fresh;
}
