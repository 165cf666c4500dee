/** The one config schema: TypeScript types, run-time validation and the JSON Schema files. */
export { AppConfig } from './app-config';
export { Dashboard, GridArea, WidgetPlacement } from './dashboard';
export { Screen, ScreenProfile, TilePosition, VideoWall } from './screen';
export { Playlist, PlaylistItem, Daypart, PlaylistVariables } from './playlist';
export { LocalizedText, Identifier } from './common';
export { ReportingTemplate, ReportingIndicator, UnitId } from './reporting';
