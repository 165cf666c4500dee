/**
 * How many visitors to expect: an attraction's base, the month, the weekday or a holiday peak,
 * and the yearly growth (`fixtures/tourism/seasons.json`). Only the simulator uses this; the
 * aggregator counts what the feeds say.
 */
import type { DomainContext } from '../domain';
import type { LocalizedText } from '../../protocol/topics';
import { weekdayOf } from '../calendar';
import type { AttractionDefinition } from './schema';

export interface Peak {
  from: string;
  to: string;
  name: LocalizedText;
  /** Per attraction category, or `all`: replaces the weekday factor on those days. */
  factors: Partial<Record<AttractionDefinition['category'] | 'all', number>>;
}

export interface Seasons {
  referenceYear: number;
  yearlyGrowth: number;
  monthFactors: number[];
  /** Sunday first. */
  weekdayFactors: number[];
  /** Per profile: weight of each opening hour (local hour → weight). */
  hourProfiles: Record<string, Record<string, number>>;
  peaks: Peak[];
  accommodation: {
    rooms: number;
    guestsPerRoom: number;
    internationalShare: number;
    occupancyByWeekday: number[];
    peakOccupancy: number;
  };
  spending: { perVisitorVnd: number; perGuestNightVnd: number };
}

export function loadSeasons(context: DomainContext): Seasons {
  return context.fixtures.readJson<Seasons>('tourism/seasons.json');
}

export function peakOn(seasons: Seasons, day: string): Peak | undefined {
  return seasons.peaks.find((peak) => peak.from <= day && day <= peak.to);
}

function growth(seasons: Seasons, day: string): number {
  const years = Number(day.slice(0, 4)) + (Number(day.slice(5, 7)) - 1) / 12 - seasons.referenceYear;
  return (1 + seasons.yearlyGrowth) ** years;
}

/** Visitors to expect at an attraction on a day (before chance). */
export function expectedDaily(seasons: Seasons, attraction: AttractionDefinition, day: string): number {
  const peak = peakOn(seasons, day);
  const weekday = seasons.weekdayFactors[weekdayOf(day)]!;
  const dayFactor = peak ? (peak.factors[attraction.category] ?? peak.factors.all ?? weekday) : weekday;
  return (
    attraction.baseDailyVisitors * dayFactor * seasons.monthFactors[Number(day.slice(5, 7)) - 1]! * growth(seasons, day)
  );
}

/** The share of a day's visitors that come in a local hour (0 when closed). */
export function hourShare(seasons: Seasons, attraction: AttractionDefinition, hour: number): number {
  const profile = seasons.hourProfiles[attraction.profile] ?? {};
  const sum = Object.values(profile).reduce((a, b) => a + b, 0);
  return sum === 0 ? 0 : (profile[String(hour)] ?? 0) / sum;
}

/** The opening hours of an attraction, in order. */
export function openHours(seasons: Seasons, attraction: AttractionDefinition): number[] {
  return Object.keys(seasons.hourProfiles[attraction.profile] ?? {})
    .map(Number)
    .sort((a, b) => a - b);
}

/** Share of the city's rooms to expect occupied on a night. */
export function expectedOccupancy(seasons: Seasons, night: string): number {
  if (peakOn(seasons, night)) return seasons.accommodation.peakOccupancy;
  const base = seasons.accommodation.occupancyByWeekday[weekdayOf(night)]!;
  return Math.min(0.95, base * (0.8 + 0.2 * seasons.monthFactors[Number(night.slice(5, 7)) - 1]!));
}
