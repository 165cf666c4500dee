/** The one config schema: TypeScript types, run-time validation and the JSON Schema files. */
export { AppConfig } from './app-config';
export { Dashboard } from './dashboard';
export { Screen, VideoWall } from './screen';
export { Playlist } from './playlist';
export { ReportingTemplate } from './reporting';
