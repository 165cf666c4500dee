import Type, { type Static } from 'typebox';
import type { ScreenProfile } from './screen';
import { Value } from 'typebox/value';

/**
 * How unattended screens (`/wall/…`) look after themselves: kiosk input guards, the watchdog,
 * reloads at quiet times, updates, burn-in care and the day/night/blank schedule. Times are the
 * city's (`city.timeZone`), never the screen PC's.
 */
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM in city time' });

export const TimeWindow = Type.Object(
  { from: ClockTime, to: ClockTime },
  {
    additionalProperties: false,
    description: 'from ≤ t < to in city time; a window may cross midnight (22:00 → 06:00)',
  },
);
export type TimeWindow = Static<typeof TimeWindow>;

export const ScheduleEntry = Type.Object(
  {
    from: ClockTime,
    to: ClockTime,
    /** `night`: the picture dimmed to `brightness`; `blank`: black (an LED panel is off in effect). */
    mode: Type.Union([Type.Literal('night'), Type.Literal('blank')]),
    brightness: Type.Number({ minimum: 0.1, maximum: 1, default: 0.6 }),
  },
  { additionalProperties: false },
);
export type ScheduleEntry = Static<typeof ScheduleEntry>;

export const PixelShift = Type.Object(
  {
    /** Largest offset in CSS px from the home position (0 turns the shift off). */
    maxPx: Type.Integer({ minimum: 0, maximum: 24, default: 4 }),
    everyMinutes: Type.Number({ minimum: 0.5, maximum: 240, default: 3 }),
  },
  { additionalProperties: false },
);
export type PixelShift = Static<typeof PixelShift>;

/** What a screen profile may set for itself (the rest comes from `display`). */
const ProfileCare = Type.Object(
  {
    pixelShift: Type.Optional(PixelShift),
    /** First matching entry wins; outside every entry the screen runs at full brightness. */
    schedule: Type.Optional(Type.Array(ScheduleEntry, { maxItems: 16 })),
  },
  { additionalProperties: false },
);
export type ProfileCare = Static<typeof ProfileCare>;

export const DisplayCare = Type.Object(
  {
    /** No cursor, selection, context menu, tooltips or browser shortcuts on `/wall/…`. */
    kiosk: Type.Boolean({ default: true }),
    /** The service worker reloads a page whose heartbeat stopped for this long (a frozen page). */
    watchdogSeconds: Type.Integer({ minimum: 20, maximum: 240, default: 60 }),
    /** Gentle reloads (memory, nightly) wait for this window. */
    quietHours: Type.Union([TimeWindow, Type.Null()], { default: { from: '02:00', to: '05:00' } }),
    /** A fresh start every night at this city time; null for none. */
    nightlyReload: Type.Union([ClockTime, Type.Null()], { default: '03:30' }),
    /** Reload in the quiet hours once the JS heap grew this much over its size after warm-up (Chromium). */
    maxHeapGrowthMb: Type.Integer({ minimum: 16, maximum: 8192, default: 256 }),
    /** How often a screen asks the server which build it serves (also on every reconnect). */
    versionCheckMinutes: Type.Number({ minimum: 0.1, maximum: 1440, default: 10 }),
    /** A new build is loaded within this many seconds of being seen, spread so screens do not all reload at once. */
    updateSpreadSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 120 }),
    /** How often the last data of each topic is saved on the screen for an offline boot. */
    snapshotSaveSeconds: Type.Integer({ minimum: 2, maximum: 600, default: 15 }),
    pixelShift: Type.Object(PixelShift.properties, { additionalProperties: false, default: {} }),
    schedule: Type.Array(ScheduleEntry, { maxItems: 16, default: [] }),
    profiles: Type.Object(
      {
        wall: Type.Optional(ProfileCare),
        '4k': Type.Optional(ProfileCare),
        '1080p': Type.Optional(ProfileCare),
        briefing: Type.Optional(ProfileCare),
        led: Type.Optional(ProfileCare),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);
export type DisplayCare = Static<typeof DisplayCare>;

/** The settings one screen applies: `display` with its profile's own pixel shift and schedule. */
export type ScreenCare = Omit<DisplayCare, 'profiles'>;

export function resolveCare(care: DisplayCare, profile: ScreenProfile): ScreenCare {
  const { profiles, ...common } = care;
  const own = profiles[profile];
  return {
    ...common,
    pixelShift: own?.pixelShift ?? common.pixelShift,
    schedule: own?.schedule ?? common.schedule,
  };
}

/** The settings when `display` is left out, and for a screen that boots before it ever reached the server. */
export function defaultCare(profile: ScreenProfile = 'wall'): ScreenCare {
  return resolveCare(Value.Default(DisplayCare, {}) as DisplayCare, profile);
}

/** `GET /api/v1/kiosk/:profile`: the build the server serves and the care settings of a profile. */
export interface KioskInfo {
  version: string;
  /** Id of the built display the server serves (changes with every `vite build`); null when not built. */
  build: string | null;
  care: ScreenCare;
}
