/**
 * The display bundles the payload schemas (the widgets' guards are made of them), so these modules
 * may import `typebox` and each other, nothing else: no Node module, no server code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('./', import.meta.url));
const modules = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

describe('payload schema modules', () => {
  it.each(modules)('%s imports only typebox and its siblings', (file) => {
    const sources = [
      ...readFileSync(`${dir}${file}`, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gms),
    ].map((match) => match[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source, file).toMatch(/^(typebox(\/[a-z]+)?|\.\/[a-z-]+)$/);
  });
});
