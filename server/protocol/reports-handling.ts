/**
 * The HTTP shapes of handling citizen reports (dispatch board, department inbox, ward view,
 * moderation queue, timeline): one TypeBox schema each, declared by the routes in
 * `server/routes/reports/` and imported as types by the `/entry` pages. Browser-safe: `typebox` only.
 */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './topics/shared';
import { ReportStatus } from './topics/reports';

/** One step of a report's record: what was done, by whom, when, and what it left. */
export const TimelineEntry = Type.Object({
  at: Type.Number({ description: 'Epoch ms' }),
  kind: Type.String({ description: 'The event kind, e.g. `report.accepted`' }),
  label: LocalizedText,
  /** Who acted: `user:<name>`, a feed key's name, or `system`. */
  actor: Type.String(),
  /** The status after this step. */
  status: ReportStatus,
  department: Type.Optional(Type.String()),
  departmentName: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
  photoUrls: Type.Optional(Type.Array(Type.String())),
  newDueAt: Type.Optional(Type.Number()),
  duplicateOf: Type.Optional(Type.String()),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const Timeline = Type.Object({
  reportId: Type.String(),
  status: ReportStatus,
  entries: Type.Array(TimelineEntry),
});
export type Timeline = Static<typeof Timeline>;

/** A department as a form offers it. */
export const DepartmentChoice = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() });
export type DepartmentChoice = Static<typeof DepartmentChoice>;

/** A report as the people handling it see it (internal: the citizen's words, never the contact). */
export const HandlingItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  categoryName: LocalizedText,
  ward: Type.String(),
  wardName: Type.String(),
  status: ReportStatus,
  statusName: LocalizedText,
  /** Null when the citizen gave only an address: the address is then the place. */
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  address: Nullable(Type.String()),
  photoUrl: Nullable(Type.String()),
  /** The citizen's photos in the photo store, as staff URLs (`/api/v1/photos/<id>`). */
  photos: Type.Array(Type.String()),
  /** The answers to the category's questions (Open311 attributes), each with its question. */
  attributes: Type.Array(
    Type.Object({ code: Type.String(), question: LocalizedText, answer: Type.String(), answerName: LocalizedText }),
  ),
  createdAt: Type.Number(),
  /** The deadline that counts now (extended when an extension was granted). */
  dueAt: Type.Number(),
  /** SLA clock: `ok`, `due-soon` (last fifth, at least 2 h) or `overdue`; `done` once handled. */
  sla: Type.Union([Type.Literal('ok'), Type.Literal('due-soon'), Type.Literal('overdue'), Type.Literal('done')]),
  department: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  /** Dispatch: the department the category suggests. */
  suggestedDepartment: Nullable(Type.String()),
  extensionRequest: Nullable(Type.Object({ newDueAt: Type.Number(), reason: Type.String(), at: Type.Number() })),
  response: Nullable(
    Type.Object({
      text: Type.String(),
      photoUrls: Type.Array(Type.String()),
      /** Photos in the photo store, as staff URLs. */
      photos: Type.Array(Type.String()),
      at: Type.Number(),
    }),
  ),
  /** Publication: waiting for a moderator, approved or rejected. */
  publication: Type.Union([Type.Literal('waiting'), Type.Literal('approved'), Type.Literal('rejected')]),
  publicTitle: Nullable(Type.String()),
  hidePhoto: Type.Boolean(),
  private: Type.Boolean(),
});
export type HandlingItem = Static<typeof HandlingItem>;

export const HandlingList = Type.Object({ items: Type.Array(HandlingItem), departments: Type.Array(DepartmentChoice) });
export type HandlingList = Static<typeof HandlingList>;

/** A moderation decision that waits out its undo window before it is stored. */
export const PendingDecision = Type.Object({
  reportId: Type.String(),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  /** Epoch ms after which it is stored and can no longer be undone. */
  commitsAt: Type.Number(),
});
export type PendingDecision = Static<typeof PendingDecision>;

export const ModerationQueue = Type.Object({
  /** Waiting first (oldest first), then the latest decided. */
  items: Type.Array(HandlingItem),
  pending: Type.Array(PendingDecision),
  undoWindowMs: Type.Number(),
  /** The server's clock when answering, so a page counts the undo window down without trusting its own. */
  now: Type.Number(),
});
export type ModerationQueue = Static<typeof ModerationQueue>;

/** The units this person may act for, for the pages' pickers. */
export const MyReportUnits = Type.Object({
  departments: Type.Array(DepartmentChoice),
  wards: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  /** May dispatch and moderate (operator). */
  dispatch: Type.Boolean(),
  /** The city's time zone (from config, never the browser's), for deadlines and times. */
  timeZone: Type.String(),
});
export type MyReportUnits = Static<typeof MyReportUnits>;
