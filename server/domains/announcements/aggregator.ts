/**
 * Announcements: what the ticker shows now (valid, not withdrawn, with the screens it is for),
 * the emergency every screen's ticker shows in red, and the takeovers: every valid emergency,
 * shown full-screen over the content of the screens it targets. Emergencies go out from `apply`
 * at once: the alert lane never waits a tick. The public ones valid now are also the citizens'
 * notices (`announcements.notices`), the read model of `/thong-bao` and its feed.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type { AlertSeverity, EmergencyAlert, PublicNotice, TakeoverItem, TickerItem } from '../../protocol/topics';
import { normaliseTargets } from '../../protocol/targeting';
import { localDay, unitsValidOn } from '../../units/admin-units';
import { toMs, type AnnouncementPublished, type AnnouncementWithdrawn } from './schema';

interface Announcement {
  ticker: TickerItem;
  severity: AlertSeverity;
  /** Only for `audience: public`. */
  notice: PublicNotice | null;
}

/** The citizens' notice an announcement is, or null for an internal one; `time` is its event's. */
export function noticeOf(data: AnnouncementPublished, time: number): PublicNotice | null {
  if (data.audience !== 'public') return null;
  return {
    id: data.announcementId,
    title: data.title ?? null,
    text: data.text,
    priority: data.priority,
    wards: [...new Set(data.wards ?? [])],
    topic: data.topic ?? null,
    link: data.link ?? null,
    image: data.image ?? null,
    validFrom: toMs(data.validFrom, time) ?? time,
    validTo: toMs(data.validTo, null),
    updatedAt: time,
  };
}

/** Wards must be units valid on the day the notice starts, topics those of the config (409 otherwise). */
function checkNotice(context: DomainContext, data: AnnouncementPublished, index: number): StateConflict | null {
  const now = context.now();
  if (data.wards && data.wards.length > 0) {
    const day = localDay(toMs(data.validFrom, now) ?? now, context.timeZone);
    const valid = new Set(unitsValidOn(context.fixtures.units.units, day).map((unit) => unit.code));
    const wrong = data.wards.find((code) => !valid.has(code));
    if (wrong !== undefined) {
      return {
        index,
        field: 'wards',
        en: `unit ${wrong} is not a unit of config/units.yaml valid on ${day}`,
        vi: `mã đơn vị ${wrong} không phải đơn vị hành chính còn hiệu lực ngày ${day} (config/units.yaml)`,
      };
    }
  }
  const topics = context.noticeTopics?.();
  if (data.topic !== undefined && topics && !topics.some((topic) => topic.id === data.topic)) {
    return {
      index,
      field: 'topic',
      en: `unknown topic "${data.topic}" (known: ${topics.map((topic) => topic.id).join(', ')})`,
      vi: `không có chủ đề "${data.topic}"`,
    };
  }
  return null;
}

export function createAnnouncementsAggregator(context: DomainContext): Aggregator {
  const all = new Map<string, Announcement>();
  /** Ids on the ticker now, as last published. */
  const shown = new Set<string>();
  /** Ids on `alerts.takeovers` now, as last published. */
  const takingOver = new Set<string>();
  /** Ids on `announcements.notices` now, as last published. */
  const noticed = new Set<string>();
  /** The emergency on the tickers; undefined until first published (so the topic gets a value). */
  let emergencyId: string | null | undefined;
  /** The notices topic gets its first (maybe empty) value at the first tick. */
  let noticesStarted = false;

  const isValid = (item: TickerItem, now: number) =>
    item.validFrom <= now && (item.validTo === null || item.validTo > now);
  const isTakeover = (item: TickerItem, now: number) => item.priority === 'emergency' && isValid(item, now);

  function takeoverOf({ ticker, severity }: Announcement): TakeoverItem {
    return {
      id: ticker.id,
      text: ticker.text,
      severity,
      validFrom: ticker.validFrom,
      validTo: ticker.validTo,
      targets: ticker.targets ?? null,
    };
  }

  function publishEmergency(now: number, out: TopicWriter, force = false): void {
    let newest: TickerItem | null = null;
    for (const { ticker } of all.values()) {
      // Targeted emergencies are takeovers of some screens only: not on every ticker.
      if (isTakeover(ticker, now) && !ticker.targets && (!newest || ticker.validFrom >= newest.validFrom))
        newest = ticker;
    }
    const id = newest?.id ?? null;
    if (id === emergencyId && !force) return;
    emergencyId = id;
    const alert: EmergencyAlert = { active: newest };
    out.set('alerts.emergency', alert);
  }

  /** Puts one announcement on (or takes it off) the ticker and the takeovers, as it stands now. */
  function place(announcement: Announcement, now: number, out: TopicWriter): void {
    const { ticker } = announcement;
    if (isValid(ticker, now)) {
      shown.add(ticker.id);
      out.upsert('ticker.items', [ticker]);
    } else if (shown.delete(ticker.id)) {
      out.remove('ticker.items', [ticker.id]);
    }
    if (announcement.notice && isValid(ticker, now)) {
      noticed.add(ticker.id);
      out.upsert('announcements.notices', [announcement.notice]);
    } else if (noticed.delete(ticker.id)) {
      out.remove('announcements.notices', [ticker.id]);
    }
    if (isTakeover(ticker, now)) {
      takingOver.add(ticker.id);
      out.upsert('alerts.takeovers', [takeoverOf(announcement)]);
    } else if (takingOver.delete(ticker.id)) {
      out.remove('alerts.takeovers', [ticker.id]);
    }
  }

  const snapshot = closureSnapshot(
    1,
    () => ({ all, shown, takingOver, noticed, emergencyId, noticesStarted }),
    (state) => {
      refill(all, state.all);
      refill(shown, state.shown);
      refill(takingOver, state.takingOver);
      refill(noticed, state.noticed);
      ({ emergencyId, noticesStarted } = state);
    },
  );

  return {
    snapshot,
    check(events) {
      for (const [index, event] of events.entries()) {
        if (event.kind !== 'announcement.published') continue;
        const conflict = checkNotice(context, event.data as AnnouncementPublished, index);
        if (conflict) return conflict;
      }
      return null;
    },
    apply(event: StoredEvent, out: TopicWriter) {
      const now = context.now();
      if (event.kind === 'announcement.published') {
        const data = event.data as AnnouncementPublished;
        const targets = normaliseTargets(data.targets);
        const ticker: TickerItem = {
          id: data.announcementId,
          text: data.text,
          priority: data.priority,
          validFrom: toMs(data.validFrom, event.time) ?? event.time,
          validTo: toMs(data.validTo, null),
          ...(targets ? { targets } : {}),
        };
        const before = all.get(ticker.id)?.ticker;
        const announcement: Announcement = {
          ticker,
          severity: data.severity ?? 'severe',
          notice: noticeOf(data, event.time),
        };
        all.set(ticker.id, announcement);
        place(announcement, now, out);
        // A corrected text of the emergency on screen must go out too, not only a new id.
        if (ticker.priority === 'emergency' || before?.priority === 'emergency')
          publishEmergency(now, out, ticker.id === emergencyId);
      } else if (event.kind === 'announcement.withdrawn') {
        const { announcementId } = event.data as AnnouncementWithdrawn;
        all.delete(announcementId);
        if (shown.delete(announcementId)) out.remove('ticker.items', [announcementId]);
        if (takingOver.delete(announcementId)) out.remove('alerts.takeovers', [announcementId]);
        if (noticed.delete(announcementId)) out.remove('announcements.notices', [announcementId]);
        if (announcementId === emergencyId) publishEmergency(now, out);
      }
    },
    flush() {
      // Everything is published from apply and tick.
    },
    tick(now: number, out: TopicWriter) {
      const appeared: TickerItem[] = [];
      const expired: string[] = [];
      const takeoversOn: TakeoverItem[] = [];
      const takeoversOff: string[] = [];
      const noticesOn: PublicNotice[] = [];
      const noticesOff: string[] = [];
      for (const announcement of all.values()) {
        const item = announcement.ticker;
        const noticeNow = announcement.notice !== null && isValid(item, now);
        if (noticeNow && !noticed.has(item.id)) {
          noticed.add(item.id);
          noticesOn.push(announcement.notice!);
        } else if (!noticeNow && noticed.has(item.id)) {
          noticed.delete(item.id);
          noticesOff.push(item.id);
        }
        const valid = isValid(item, now);
        if (valid && !shown.has(item.id)) {
          shown.add(item.id);
          appeared.push(item);
        } else if (!valid && shown.has(item.id)) {
          shown.delete(item.id);
          expired.push(item.id);
        }
        const takeover = isTakeover(item, now);
        if (takeover && !takingOver.has(item.id)) {
          takingOver.add(item.id);
          takeoversOn.push(takeoverOf(announcement));
        } else if (!takeover && takingOver.has(item.id)) {
          takingOver.delete(item.id);
          takeoversOff.push(item.id);
        }
        // Long gone: forget it so a months-long run does not grow.
        if (item.validTo !== null && item.validTo < now - 86_400_000) all.delete(item.id);
      }
      if (expired.length > 0) out.remove('ticker.items', expired);
      if (appeared.length > 0) out.upsert('ticker.items', appeared);
      if (takeoversOff.length > 0) out.remove('alerts.takeovers', takeoversOff);
      if (takeoversOn.length > 0) out.upsert('alerts.takeovers', takeoversOn);
      if (noticesOff.length > 0) out.remove('announcements.notices', noticesOff);
      // Oldest first, as `upsert` takes them: the topic lists the newest first.
      noticesOn.sort((a, b) => a.validFrom - b.validFrom || a.updatedAt - b.updatedAt);
      if (noticesOn.length > 0 || !noticesStarted) out.upsert('announcements.notices', noticesOn);
      noticesStarted = true;
      publishEmergency(now, out);
    },
  };
}
