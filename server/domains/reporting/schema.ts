/**
 * Events of periodic reporting. Each action of a person on a unit's report is one event; who did
 * it is the event's source (the signed-in account the route ingests for), never a field anyone
 * could fill in.
 */
import Type, { type Static } from 'typebox';
import { Identifier } from '../../../config/schema/common';
import { UnitId } from '../../../config/schema/reporting';

const Period = Type.String({ minLength: 4, maxLength: 21, pattern: '^[0-9Q/-]+$' });
// Null first: Fastify's validator coerces types, and would read a blank as 0 if it tried the number first.
const Figure = Type.Union([Type.Null(), Type.Number({ minimum: -1e12, maximum: 1e12 })]);
const Values = Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), Figure, { maxProperties: 200 });
const Reason = Type.String({ minLength: 3, maxLength: 1000 });

const Which = {
  template: Identifier,
  /** The version of the template the figures were entered against. */
  templateVersion: Type.Integer({ minimum: 1 }),
  unit: UnitId,
  period: Period,
};

export const FiguresSaved = Type.Object({ ...Which, values: Values }, { additionalProperties: false });
export type FiguresSaved = Static<typeof FiguresSaved>;
export const FiguresSubmitted = Type.Object(
  {
    ...Which,
    values: Values,
    via: Type.Optional(Type.Union([Type.Literal('form'), Type.Literal('xlsx'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export type FiguresSubmitted = Static<typeof FiguresSubmitted>;
export const FiguresApproved = Type.Object({ ...Which }, { additionalProperties: false });
export const FiguresReturned = Type.Object({ ...Which, reason: Reason }, { additionalProperties: false });
export type FiguresReturned = Static<typeof FiguresReturned>;
export const FiguresPublished = Type.Object({ ...Which }, { additionalProperties: false });
export const FiguresCorrected = Type.Object(
  { ...Which, indicator: Identifier, oldValue: Figure, newValue: Figure, reason: Reason },
  { additionalProperties: false },
);
export type FiguresCorrected = Static<typeof FiguresCorrected>;

/** What every reporting event names. */
export type Which = Static<typeof FiguresApproved>;
