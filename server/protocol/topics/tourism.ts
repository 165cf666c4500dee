/** Payload of the tourism summary (`tourism.summary`; attractions are `MapPoint`s). Browser-safe. */
import Type, { type Static } from 'typebox';
import { Breakdown, Nullable, Series } from './shared';

/** Visitors, stays and revenue of the city's tourism (public aggregates). */
export const TourismSummary = Type.Object({
  /** Visits counted today (city day) at the attractions. */
  visitorsToday: Type.Number(),
  domesticToday: Type.Number(),
  internationalToday: Type.Number(),
  /** This month so far: the official monthly figure when one was reported, else the sum of the counts. */
  visitorsMonth: Type.Number(),
  /** The same month a year before (whole month); null when unknown. */
  visitorsMonthPrevYear: Nullable(Type.Number()),
  /**
   * Change against the same period last year, over this month's completed days (the 1st up to
   * yesterday) — exact from last year's daily counts, else last year's monthly figure pro rata;
   * a share (0.082 = +8.2 %), null on the 1st or without last year's figure.
   */
  visitorsMonthChange: Nullable(Type.Number()),
  /** Guest-nights this month (domestic + international) from the nightly accommodation reports. */
  overnightStaysMonth: Type.Number(),
  /** Tourism revenue this month in billion VND (tỷ đồng): the monthly figure, else the sum of the daily ones. */
  revenueMonthBillion: Type.Number(),
  /** Rooms occupied ÷ rooms available on the latest night reported (`occupancyNight`). */
  occupancyRate: Nullable(Type.Number()),
  occupancyNight: Nullable(Type.String()),
  /** Visitors per day, domestic and international, the last 30 days (null: nothing counted). */
  daily: Series,
  /** Visitors per month, domestic and international, the last 24 months. */
  monthly: Series,
  /** Visitors today per attraction (key = attraction id); detail = international visitors, left out under 5. */
  byAttraction: Breakdown,
});
export type TourismSummary = Static<typeof TourismSummary>;
