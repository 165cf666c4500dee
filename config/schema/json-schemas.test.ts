import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMAS, renderJsonSchema } from './json-schemas';

describe('JSON Schema files', () => {
  it.each(Object.entries(JSON_SCHEMAS))('%s is generated from the current TypeBox definition', (file, schema) => {
    const committed = readFileSync(new URL(`./json/${file}`, import.meta.url), 'utf8');
    // If this fails, run `npm run schema` and commit the result.
    expect(committed).toBe(renderJsonSchema(schema));
  });
});
