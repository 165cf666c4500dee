/** The event kinds of the tourism domain, and the fixture shapes they refer to. */
import Type, { type Static } from 'typebox';

const AttractionId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });
/** Calendar keys in the city's time zone; whether the day exists (no 30 February) is checked at ingest. */
const DAY = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const MONTH = '\\d{4}-(0[1-9]|1[0-2])';
const DayKey = Type.String({ pattern: `^${DAY}$`, maxLength: 10 });
const MonthKey = Type.String({ pattern: `^${MONTH}$`, maxLength: 7 });
const HourKey = Type.String({ pattern: `^${DAY}T([01]\\d|2[0-3])$`, maxLength: 13 });
const Visitors = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/**
 * Visitors counted at an attraction's gates during one hour (city time). A later report of the
 * same attraction and hour replaces the earlier one, so a counter may send its running count.
 */
export const TourismVisits = Type.Object(
  {
    attractionId: AttractionId,
    /** `YYYY-MM-DDTHH`, city time; defaults to the hour of the event's time. */
    hour: Type.Optional(HourKey),
    domestic: Visitors,
    international: Visitors,
  },
  { additionalProperties: false },
);
export type TourismVisits = Static<typeof TourismVisits>;

/** The city's accommodation on one night (all establishments): rooms and guests. Replaces an earlier report of that night. */
export const TourismAccommodation = Type.Object(
  {
    date: DayKey,
    roomsAvailable: Type.Integer({ minimum: 1, maximum: 100_000 }),
    roomsOccupied: Type.Integer({ minimum: 0, maximum: 100_000 }),
    guestsDomestic: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    guestsInternational: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type TourismAccommodation = Static<typeof TourismAccommodation>;

/**
 * Tourism revenue of a day (`YYYY-MM-DD`) or a whole month (`YYYY-MM`, the statistics office's
 * figure, which replaces the sum of that month's days), in VND. Replaces an earlier report of the period.
 */
export const TourismRevenue = Type.Object(
  {
    period: Type.String({ pattern: `^(${DAY}|${MONTH})$`, maxLength: 10 }),
    amountVnd: Type.Integer({ minimum: 0, maximum: 100_000_000_000_000 }),
  },
  { additionalProperties: false },
);
export type TourismRevenue = Static<typeof TourismRevenue>;

/**
 * The official visitor figure of a month (lượt khách, from the statistics office): it replaces the
 * sum of the gate counts for that month, and gives the history of months counted before the gates.
 */
export const TourismMonthlyVisitors = Type.Object(
  {
    month: MonthKey,
    domestic: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    international: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  },
  { additionalProperties: false },
);
export type TourismMonthlyVisitors = Static<typeof TourismMonthlyVisitors>;

/** `fixtures/tourism/attractions.json`. */
export interface AttractionDefinition {
  id: string;
  name: string;
  nameEn: string;
  category: 'cave' | 'heritage' | 'landscape' | 'market' | 'lake';
  ward: string;
  lon: number;
  lat: number;
  approximate: boolean;
  source: string;
  note: string;
  /** Simulator: visitors on a day of factor 1, before seasons and growth. */
  baseDailyVisitors: number;
  internationalShare: number;
  /** Visitors in an hour from which the site is crowded (its point turns red). */
  capacityPerHour: number;
  /** Key of the hourly profile in `seasons.json` (its hours are the opening hours). */
  profile: string;
}

export interface AttractionsFixture {
  note: string;
  attractions: AttractionDefinition[];
}
