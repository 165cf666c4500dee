// Builds the display (vite build) when dist/ is missing or older than its sources, so that
// `npm ci && npm start` works on a fresh clone and a restart does not rebuild for nothing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const inputs = ['display', 'widgets', 'server/protocol', 'config/schema', 'vite.config.ts', 'package-lock.json'];

function newest(target) {
  const full = path.join(root, target);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(full).reduce((max, entry) => Math.max(max, newest(path.join(target, entry))), stat.mtimeMs);
}

const index = path.join(root, 'dist', 'index.html');
const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
const sourcesAt = Math.max(...inputs.map(newest));
if (builtAt >= sourcesAt) {
  console.log('display is up to date (dist/)');
} else {
  console.log('building the display (vite build)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
