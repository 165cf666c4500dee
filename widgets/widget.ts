/**
 * The contract of a widget type. Each folder under `widgets/` holds:
 * - `options.ts`: the TypeBox schema of its options, with defaults (also used by the config
 *   validator on the server, so it must not import Svelte or browser code);
 * - `manifest.ts`: default export `WidgetManifest` (which topics it reads, which of its options
 *   name a field of a topic and the shape it expects there, how their data binds to the
 *   component's input, and a lazy import of the component);
 * - the Svelte component, and a `*.test.ts`.
 * Widgets receive data, never a socket.
 */
import type { Component } from 'svelte';
import type { Static, TSchema } from 'typebox';
import type { LocalizedText, TopicName, TopicPayloads } from '../server/protocol/topics';
import type { PhysicalSize, ScreenProfile } from '../config/schema/screen';
import type { ScreenIdentity } from '../server/protocol/targeting';
import type { Locale } from '../server/protocol/format/format';

/** The screen's language (defined with the formatting helpers, which widgets and server share). */
export type { Locale };

/** The current data of the topics a widget reads; a topic without data yet is absent. */
export type TopicData = { [N in TopicName]?: TopicPayloads[N] };

export interface WidgetProps<Options, Input> {
  input: Input;
  options: Options;
  locale: Locale;
  /** The city's time zone from config: every date a widget shows uses it. */
  timeZone: string;
  profile: ScreenProfile;
  /**
   * City settings a map needs (centre, zoom, whether ward areas are schematic), and the citizens'
   * page a QR code leads to (null: `citizen.publicUrl` is not set).
   */
  city: { center: [number, number]; zoom: number; wardBoundariesSchematic: boolean; citizenPageUrl?: string | null };
  /** The glass's pixel pitch and viewing distance (LED panels), for what must be read or scanned from afar. */
  physical?: PhysicalSize | null;
  /**
   * The server's time now (ms), as this screen best knows it. Clocks and anything that must move
   * in step across the tiles of a wall read it, never the PC's own clock, which may be minutes off.
   */
  serverNow: () => number;
  /**
   * The page's clock: server time, ticking once a second — the very value the header's clock
   * shows, so a clock widget and the header never disagree by a second.
   */
  now: number;
  /**
   * Set only on `/view` pages (a leader's briefing): opens the detail panel for what the viewer
   * selected (click, tap or Enter). Absent on walls and LED panels, where nothing is selectable.
   */
  onselect?: (target: DetailTarget) => void;
}

/**
 * What a viewer selected in a widget to see in detail: an indicator (a topic and a field of it),
 * optionally for one administrative unit (its code) or one department; the label is what the
 * widget showed, so the panel's title reads the same.
 */
export interface DetailTarget {
  topic: string;
  field?: string;
  unit?: string;
  department?: string;
  /** A row of the Breakdown at `topic` + `field` (a ranking's agency, school, kind…), by its key. */
  row?: string;
  /** An exception of "Needs attention" (`topic` is `exceptions.now`), by its id. */
  exception?: string;
  label?: LocalizedText;
}

/** The shapes a generic widget reads at a `topic` + `field` (guards in `widgets/shapes.ts`). */
export type ReadShape = 'number' | 'breakdown' | 'series' | 'list' | 'points';

/**
 * One `topic` + `field` that a placement's options name, and the shape the widget expects there.
 * The config loader walks the topic's payload schema along `field` and refuses a dashboard whose
 * field does not exist or holds another shape, so that a typo is caught at load, not on the wall.
 */
export interface FieldRead {
  topic: string;
  /** A dotted path into the topic's payload; none = the whole payload. */
  field?: string;
  shape: ReadShape;
  /** Where the options name it, as a JSON pointer into the options (`/field`, `/choroplethOf/field`, `/points/0`). */
  option: string;
}

/**
 * The page a widget is drawn on, as its `bind` may need it. A topic is one message per room for
 * every screen, so a widget that shows items meant for some screens only (the ticker) picks them
 * here, in its own folder; the shell knows no topic by name.
 */
export interface WidgetHost {
  /** Which screen this page is; null on a page that is no registered screen (`/view/…`). */
  screen: ScreenIdentity | null;
  /**
   * The hour of the city's calendar now, from the server's clock and the city's time zone
   * (`2026-12-04T08`); it changes once an hour, so a bind that reads it is not re-run every
   * second. A chart marks the day, month or hour still running with it. Absent without a clock.
   */
  cityHour?: string;
}

export interface WidgetManifest<S extends TSchema = TSchema, Input = unknown> {
  type: string;
  version: number;
  title: LocalizedText;
  options: S;
  /** The topics this widget reads with these options. */
  topics(options: Static<S>): TopicName[];
  /** The fields of topics these options name (a widget that binds by fixed topics names none). */
  reads(options: Static<S>): FieldRead[];
  /** Picks the widget's input from topic data, for this page; null while it has nothing to show yet. */
  bind(data: TopicData, options: Static<S>, host: WidgetHost): Input | null;
  /** Lazy so that heavy widgets (the map) are only downloaded by screens that show them. */
  load(): Promise<{ default: Component<WidgetProps<Static<S>, Input>> }>;
}

/** Helps a manifest keep its types: `export default defineWidget({...})`. */
export function defineWidget<S extends TSchema, Input>(manifest: WidgetManifest<S, Input>): WidgetManifest<S, Input> {
  return manifest;
}
