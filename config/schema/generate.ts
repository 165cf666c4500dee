// `npm run schema`: writes config/schema/json/*.schema.json from the TypeBox definitions.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMAS, renderJsonSchema } from './json-schemas';

const dir = fileURLToPath(new URL('./json/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [file, schema] of Object.entries(JSON_SCHEMAS)) {
  writeFileSync(path.join(dir, file), renderJsonSchema(schema));
  console.log(`wrote config/schema/json/${file}`);
}
