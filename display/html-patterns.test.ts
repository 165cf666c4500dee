/**
 * A form field's `pattern` is compiled by the browser with the `v` flag; an invalid one is
 * silently ignored, and the field is not checked at all. Every pattern in the pages must compile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function svelteFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return svelteFiles(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
  });
}

/** `pattern="…"` with Svelte's `{'…'}` pieces joined, as the browser receives it. */
function patternsIn(source: string): string[] {
  return [...source.matchAll(/\spattern="([^"]*)"/g)].map((match) =>
    match[1]!.replace(/\{'([^']*)'\}/g, '$1').replace(/\{"([^"]*)"\}/g, '$1'),
  );
}

describe('form field patterns', () => {
  const files = [...svelteFiles('display'), ...svelteFiles('widgets')];
  const patterns = files.flatMap((file) =>
    patternsIn(readFileSync(file, 'utf8')).map((pattern) => ({ file, pattern })),
  );

  it('finds the pages’ patterns', () => {
    expect(patterns.length).toBeGreaterThan(0);
  });

  it.each(patterns)('$file: $pattern compiles with the v flag, as the browser does', ({ pattern }) => {
    expect(() => new RegExp(`^(?:${pattern})$`, 'v')).not.toThrow();
  });

  it('catches the kind of pattern that was silently off (an unescaped "-" in a class)', () => {
    const old = '[a-z0-9][a-z0-9-]{0,62}';
    expect(() => new RegExp(`^(?:${old})$`, 'v')).toThrow();
  });
});
