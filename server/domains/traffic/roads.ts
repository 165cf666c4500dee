/** The key road segments of the city (schematic lines, see fixtures/traffic/SOURCES.md). */
import type { LocalizedText } from '../../protocol/topics';
import type { Fixtures } from '../../fixtures/fixtures';

export interface RoadSegment {
  id: string;
  road: string;
  name: LocalizedText;
  /** km/h. */
  speedLimit: number;
  /** km/h: what traffic reaches on an empty road; the level compares the observed speed with it. */
  freeFlowSpeed: number;
  /** Vehicles per hour near saturation, for the simulator. */
  capacity: number;
  path: Array<[number, number]>;
}

const ROADS_FILE = 'traffic/roads.json';

export function loadRoads(fixtures: Fixtures): RoadSegment[] {
  return fixtures.readJson<{ segments: RoadSegment[] }>(ROADS_FILE).segments;
}
