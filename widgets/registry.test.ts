import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { widgetTypes } from './registry';

// Vitest runs from the repository root.
const dir = path.resolve('widgets');
const folders = readdirSync(dir).filter((entry) => statSync(path.join(dir, entry)).isDirectory());

describe('widget registry', () => {
  it('finds at least the four base widget types', () => {
    expect([...widgetTypes.keys()]).toEqual(expect.arrayContaining(['kpi-tile', 'chart', 'ticker', 'map']));
  });

  it.each(folders)('widgets/%s has every part of a widget type', (folder) => {
    const files = readdirSync(path.join(dir, folder));
    expect(files, 'options.ts (TypeBox schema with defaults)').toContain('options.ts');
    expect(files, 'manifest.ts').toContain('manifest.ts');
    expect(
      files.some((file) => file.endsWith('.svelte')),
      'a Svelte component',
    ).toBe(true);
    expect(
      files.some((file) => file.endsWith('.test.ts')),
      'a test',
    ).toBe(true);
    const manifest = widgetTypes.get(folder);
    expect(manifest, `a manifest whose type is "${folder}"`).toBeDefined();
    expect(manifest!.title.vi.length).toBeGreaterThan(0);
    expect(manifest!.title.en.length).toBeGreaterThan(0);
  });
});
