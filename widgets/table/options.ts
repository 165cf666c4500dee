import Type, { type Static } from 'typebox';
import { topicOption } from '../shapes';

/**
 * A table of the latest items or a ranking, from a known topic shape:
 * - `reports-recent`: the latest citizen reports (internal);
 * - `reports-public`: the latest approved reports (public);
 * - `overdue-by-department`: departments with the most overdue reports first;
 * - `wards-ranking`: wards by on-time rate, best first;
 * - `list`: the newest lines of any `ListItem` collection named by `topic` (posts, overdue
 *   dossiers, documents), with time, text, source and a tone dot.
 */
export const options = Type.Object(
  {
    data: Type.Union(
      [
        Type.Literal('reports-recent'),
        Type.Literal('reports-public'),
        Type.Literal('overdue-by-department'),
        Type.Literal('wards-ranking'),
        Type.Literal('list'),
      ],
      { default: 'reports-recent' },
    ),
    /** For `list`: a topic whose data is a `ListItem[]` collection. */
    topic: Type.Optional(topicOption),
    rows: Type.Integer({ minimum: 1, maximum: 30, default: 8 }),
    /**
     * For `wards-ranking`: `current` ranks today's wards (history rolled up to them);
     * `historical` ranks the same reports by the wards and communes before 1 July 2025.
     */
    by: Type.Union([Type.Literal('current'), Type.Literal('historical')], { default: 'current' }),
  },
  { additionalProperties: false },
);
export type TableOptions = Static<typeof options>;
