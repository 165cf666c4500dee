import Type, { type Static } from 'typebox';

export const options = Type.Object(
  {
    /** Which layers to draw; the basemap (city, wards) is always there. */
    layers: Type.Object(
      {
        reports: Type.Boolean({ default: true }),
        heatmap: Type.Boolean({ default: false }),
        incidents: Type.Boolean({ default: true }),
        rail: Type.Boolean({ default: true }),
        poi: Type.Boolean({ default: true }),
        wardLabels: Type.Boolean({ default: true }),
        /** Merge nearby reports into circles with their count (instead of one dot each). */
        clusters: Type.Boolean({ default: false }),
        /** Colour the wards by their on-time rate of citizen reports. */
        wardChoropleth: Type.Boolean({ default: false }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Overrides of the city's map view. */
    center: Type.Optional(Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })])),
    zoom: Type.Optional(Type.Number({ minimum: 0, maximum: 22 })),
    showLegend: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type MapOptions = Static<typeof options>;
