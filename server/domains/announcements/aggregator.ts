/**
 * Announcements: what the ticker shows now (valid, not withdrawn, with the screens it is for),
 * the emergency every screen's ticker shows in red, and the takeovers: every valid emergency,
 * shown full-screen over the content of the screens it targets. Emergencies go out from `apply`
 * at once: the alert lane never waits a tick.
 */
import type { Aggregator, DomainContext, StoredEvent, TopicWriter } from '../domain';
import type { AlertSeverity, EmergencyAlert, TakeoverItem, TickerItem } from '../../protocol/topics';
import { normaliseTargets } from '../../protocol/targeting';
import { toMs, type AnnouncementPublished, type AnnouncementWithdrawn } from './schema';

interface Announcement {
  ticker: TickerItem;
  severity: AlertSeverity;
}

export function createAnnouncementsAggregator(context: DomainContext): Aggregator {
  const all = new Map<string, Announcement>();
  /** Ids on the ticker now, as last published. */
  const shown = new Set<string>();
  /** Ids on `alerts.takeovers` now, as last published. */
  const takingOver = new Set<string>();
  /** The emergency on the tickers; undefined until first published (so the topic gets a value). */
  let emergencyId: string | null | undefined;

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
    if (isTakeover(ticker, now)) {
      takingOver.add(ticker.id);
      out.upsert('alerts.takeovers', [takeoverOf(announcement)]);
    } else if (takingOver.delete(ticker.id)) {
      out.remove('alerts.takeovers', [ticker.id]);
    }
  }

  return {
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
        const announcement: Announcement = { ticker, severity: data.severity ?? 'severe' };
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
      for (const announcement of all.values()) {
        const item = announcement.ticker;
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
      publishEmergency(now, out);
    },
  };
}
