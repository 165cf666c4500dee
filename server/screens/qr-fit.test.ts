/** The config check of QR codes on screens: a panel too small for its code at its distance is refused. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadWidgetManifests } from '../config/load-config';
import { physicalSizeOf } from '../../config/schema/screen';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const APP = readFileSync(new URL('../../config/app.yaml', import.meta.url), 'utf8');

const qrDashboard = (columns: number) => `version: 1
id: qr
title: { vi: "Phản ánh", en: "Report" }
audience: public
grid: { columns: ${columns}, rows: 1 }
widgets:
  - id: code
    type: qr-code
    area: { column: 1, row: 1, columns: 1, rows: 1 }
`;
const panel = (physical: string) => `version: 1
id: small
name: { vi: Bảng nhỏ, en: Small panel }
profile: led
resolution: [384, 192]
audience: public
dashboard: qr
${physical}
`;

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-qr-'));
  dirs.push(dir);
  cpSync(new URL('../../config/units.yaml', import.meta.url), path.join(dir, 'units.yaml'));
  for (const [name, text] of Object.entries({ 'app.yaml': APP, ...files })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function problemsOf(files: Record<string, string>) {
  try {
    await loadConfig(configDir(files), await loadWidgetManifests());
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('QR codes on screens, at the config check', () => {
  it('accepts a 384×192 P6 panel giving the code the whole page at 5 m', async () => {
    const problems = await problemsOf({ 'dashboards/qr.yaml': qrDashboard(1), 'screens/small.yaml': panel('') });
    expect(problems).toEqual([]);
  });

  it('refuses the same panel read from 12 m, naming the screen, the widget and what it needs, in Vietnamese and English', async () => {
    const problems = await problemsOf({
      'dashboards/qr.yaml': qrDashboard(1),
      'screens/small.yaml': panel('physical: { pixelPitchMm: 6, viewingDistanceM: 12 }'),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: expect.stringContaining('screens/small.yaml'), path: '/dashboard' });
    expect(problems[0]!.reason).toContain('bảng "qr", ô "code"');
    expect(problems[0]!.reason).toContain('quét từ 12 m cần 7');
    expect(problems[0]!.reason).toContain('scanning it from 12 m needs 7');
  });

  it('refuses a code squeezed into a third of the panel, where it would be drawn too small to scan', async () => {
    const problems = await problemsOf({ 'dashboards/qr.yaml': qrDashboard(3), 'screens/small.yaml': panel('') });
    expect(problems.map((problem) => problem.reason).join('\n')).toMatch(
      /gets [0-2] pixels per module; scanning it from 5 m needs 3/,
    );
  });

  it('refuses a code with no address when citizen.publicUrl is not set', async () => {
    const problems = await problemsOf({
      'app.yaml': APP.replace(/^ {2}publicUrl: .*$/m, ''),
      'dashboards/qr.yaml': qrDashboard(1),
      'screens/small.yaml': panel(''),
    });
    expect(problems.map((problem) => problem.reason).join('\n')).toContain('set citizen.publicUrl in config/app.yaml');
  });

  it('gives LED panels a physical size by default, and other screens none', () => {
    expect(physicalSizeOf({ profile: 'led' })).toEqual({ pixelPitchMm: 6, viewingDistanceM: 5 });
    expect(physicalSizeOf({ profile: 'led', physical: { pixelPitchMm: 10, viewingDistanceM: 12 } })).toEqual({
      pixelPitchMm: 10,
      viewingDistanceM: 12,
    });
    expect(physicalSizeOf({ profile: 'wall' })).toBeNull();
  });
});
