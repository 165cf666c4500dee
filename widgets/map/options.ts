import Type, { type Static } from 'typebox';
import { fieldOption, topicOption } from '../shapes';

export const options = Type.Object(
  {
    /** Which layers to draw over the always-present base (province context and city outline). */
    layers: Type.Object(
      {
        /** Citizen reports as points coloured by status. */
        reports: Type.Boolean({ default: true }),
        /** Citizen reports as a density heatmap (under the points when both are on). */
        heatmap: Type.Boolean({ default: false }),
        /** Traffic incidents: markers by severity, pulsing ring except on LED panels. */
        incidents: Type.Boolean({ default: true }),
        /** The ward areas with their borders and names. */
        wards: Type.Boolean({ default: true }),
        rail: Type.Boolean({ default: true }),
        /** Main roads, the Kỳ Cùng river and the bridge the city's notices name (schematic lines). */
        roads: Type.Boolean({ default: true }),
        poi: Type.Boolean({ default: true }),
        /** Merge nearby reports into circles with their count (instead of one dot each). */
        clusters: Type.Boolean({ default: false }),
        /** Colour the wards by `choroplethOf` (by default the on-time rate of citizen reports). */
        choropleth: Type.Boolean({ default: false }),
        /** The former name of `choropleth`, still read so that older dashboards keep working. */
        wardChoropleth: Type.Boolean({ default: false }),
        /** Traffic on the key roads (`traffic.flow`) as lines coloured by level; the lines are schematic. */
        flow: Type.Boolean({ default: false }),
      },
      { additionalProperties: false, default: {} },
    ),
    /**
     * Collections of places (`MapPoint[]` topics such as `education.schools`,
     * `tourism.attractions`, `security.incidents`) drawn as symbols: colour by tone, size by value.
     */
    points: Type.Array(topicOption, { maxItems: 8, uniqueItems: true, default: [] }),
    /**
     * What the choropleth shows: a `Breakdown` keyed by ward code (`field` is its dotted path in
     * `topic`). With `targets` (in the figures' own unit: 0.9 for 90 %) wards are judged red, amber
     * or green against them; without, they are only compared with each other, in shades of blue.
     */
    choroplethOf: Type.Optional(
      Type.Object(
        {
          topic: topicOption,
          field: Type.Optional(fieldOption),
          targets: Type.Optional(
            Type.Object({ bad: Type.Number(), good: Type.Number() }, { additionalProperties: false }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Overrides of the city's map view; with neither, the map fits the city outline to its frame. */
    center: Type.Optional(
      Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]),
    ),
    zoom: Type.Optional(Type.Number({ minimum: 0, maximum: 22 })),
    showLegend: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type MapOptions = Static<typeof options>;
export type MapLayerOptions = MapOptions['layers'];

/** Whether the wards are coloured by figures, under either name of the option. */
export function choroplethShown(layers: MapLayerOptions): boolean {
  return layers.choropleth || layers.wardChoropleth;
}
