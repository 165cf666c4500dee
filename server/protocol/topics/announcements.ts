/** Payloads of the announcement topics (`ticker.items`, `alerts.*`). Browser-safe: `typebox` only. */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './shared';

const AnnouncementPriority = Type.Union([Type.Literal('normal'), Type.Literal('high'), Type.Literal('emergency')]);
export type AnnouncementPriority = Static<typeof AnnouncementPriority>;

/**
 * Which screens an announcement is for. A screen is in the target when its id is listed or it is
 * in one of the groups (its profile `wall`/`led`/`briefing`, its audience `internal`/`public`, and
 * the groups its config names). No targets at all means every screen.
 */
export const ScreenTargets = Type.Object({ screens: Type.Array(Type.String()), groups: Type.Array(Type.String()) });
export type ScreenTargets = Static<typeof ScreenTargets>;

/** How grave an emergency is, after the Common Alerting Protocol (CAP 1.2) severities. */
export const AlertSeverity = Type.Union([
  Type.Literal('extreme'),
  Type.Literal('severe'),
  Type.Literal('moderate'),
  Type.Literal('minor'),
]);
export type AlertSeverity = Static<typeof AlertSeverity>;

export const TickerItem = Type.Object({
  id: Type.String(),
  text: LocalizedText,
  priority: AnnouncementPriority,
  validFrom: Type.Number(),
  validTo: Nullable(Type.Number()),
  /** Absent: every screen. Screens filter the ticker by it (see `server/protocol/targeting.ts`). */
  targets: Type.Optional(ScreenTargets),
});
export type TickerItem = Static<typeof TickerItem>;

/** The newest valid emergency for every screen (untargeted), which tickers show in red. */
export const EmergencyAlert = Type.Object({ active: Nullable(TickerItem) });
export type EmergencyAlert = Static<typeof EmergencyAlert>;

/**
 * An emergency takeover: an announcement of priority `emergency`, shown full-screen over the
 * content of every targeted screen until `validTo` or until it is withdrawn.
 */
export const TakeoverItem = Type.Object({
  id: Type.String(),
  text: LocalizedText,
  severity: AlertSeverity,
  validFrom: Type.Number(),
  validTo: Nullable(Type.Number()),
  /** null: every screen. */
  targets: Nullable(ScreenTargets),
});
export type TakeoverItem = Static<typeof TakeoverItem>;

/**
 * A notice for citizens (`announcements.notices`): a public announcement valid now, as `/thong-bao`,
 * its Atom feed and the webhooks show it. Internal announcements never become one.
 */
export const PublicNotice = Type.Object({
  id: Type.String(),
  title: Nullable(LocalizedText),
  text: LocalizedText,
  priority: AnnouncementPriority,
  /** Unit codes of `config/units.yaml`; empty: the whole area. */
  wards: Type.Array(Type.String()),
  topic: Nullable(Type.String()),
  link: Nullable(Type.String()),
  image: Nullable(Type.String()),
  validFrom: Type.Number(),
  validTo: Nullable(Type.Number()),
  /** When this version was published (a correction moves it): Atom's `updated`. */
  updatedAt: Type.Number(),
});
export type PublicNotice = Static<typeof PublicNotice>;
