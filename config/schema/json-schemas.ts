/** The JSON Schema files editors use for `config/*.yaml`, made from the TypeBox definitions. */
import { AppConfig } from './app-config';
import { Dashboard } from './dashboard';
import { Playlist } from './playlist';
import { Screen, VideoWall } from './screen';
import { UnitsFile } from './units';
import { ReportingTemplate } from './reporting';
import { Feed } from './feed';
import { ExceptionsFile } from './exceptions';

export const JSON_SCHEMAS = {
  'app-config.schema.json': AppConfig,
  'dashboard.schema.json': Dashboard,
  'screen.schema.json': Screen,
  'playlist.schema.json': Playlist,
  'wall.schema.json': VideoWall,
  'units.schema.json': UnitsFile,
  'reporting.schema.json': ReportingTemplate,
  'feed.schema.json': Feed,
  'exceptions.schema.json': ExceptionsFile,
} as const;

export function renderJsonSchema(schema: object): string {
  return `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, null, 2)}\n`;
}
