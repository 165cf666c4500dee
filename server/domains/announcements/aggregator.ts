/**
 * Announcements: what the ticker shows now (valid, not withdrawn) and the emergency that takes
 * over every screen. Emergencies go out from `apply` at once: the alert lane never waits a tick.
 */
import type { Aggregator, DomainContext, StoredEvent, TopicWriter } from '../domain';
import type { EmergencyAlert, TickerItem } from '../../protocol/topics';
import { toMs, type AnnouncementPublished, type AnnouncementWithdrawn } from './schema';

export function createAnnouncementsAggregator(context: DomainContext): Aggregator {
  const all = new Map<string, TickerItem>();
  /** Ids on the ticker now, as last published. */
  const shown = new Set<string>();
  /** The emergency on the screens; undefined until first published (so the topic gets a value). */
  let emergencyId: string | null | undefined;

  const isValid = (item: TickerItem, now: number) => item.validFrom <= now && (item.validTo === null || item.validTo > now);

  function publishEmergency(now: number, out: TopicWriter): void {
    let newest: TickerItem | null = null;
    for (const item of all.values()) {
      if (item.priority === 'emergency' && isValid(item, now) && (!newest || item.validFrom >= newest.validFrom)) newest = item;
    }
    const id = newest?.id ?? null;
    if (id === emergencyId) return;
    emergencyId = id;
    const alert: EmergencyAlert = { active: newest };
    out.set('alerts.emergency', alert);
  }

  return {
    apply(event: StoredEvent, out: TopicWriter) {
      const now = context.now();
      if (event.kind === 'announcement.published') {
        const data = event.data as AnnouncementPublished;
        const item: TickerItem = {
          id: data.announcementId,
          text: data.text,
          priority: data.priority,
          validFrom: toMs(data.validFrom, event.time) ?? event.time,
          validTo: toMs(data.validTo, null),
        };
        all.set(item.id, item);
        if (isValid(item, now)) {
          shown.add(item.id);
          out.upsert('ticker.items', [item]);
        } else if (shown.delete(item.id)) {
          out.remove('ticker.items', [item.id]);
        }
        if (item.priority === 'emergency' || item.id === emergencyId) publishEmergency(now, out);
      } else if (event.kind === 'announcement.withdrawn') {
        const { announcementId } = event.data as AnnouncementWithdrawn;
        all.delete(announcementId);
        if (shown.delete(announcementId)) out.remove('ticker.items', [announcementId]);
        if (announcementId === emergencyId) publishEmergency(now, out);
      }
    },
    flush() {
      // Everything is published from apply and tick.
    },
    tick(now: number, out: TopicWriter) {
      const appeared: TickerItem[] = [];
      const expired: string[] = [];
      for (const item of all.values()) {
        const valid = isValid(item, now);
        if (valid && !shown.has(item.id)) {
          shown.add(item.id);
          appeared.push(item);
        } else if (!valid && shown.has(item.id)) {
          shown.delete(item.id);
          expired.push(item.id);
        }
        // Long gone: forget it so a months-long run does not grow.
        if (item.validTo !== null && item.validTo < now - 86_400_000) all.delete(item.id);
      }
      if (expired.length > 0) out.remove('ticker.items', expired);
      if (appeared.length > 0) out.upsert('ticker.items', appeared);
      publishEmergency(now, out);
    },
  };
}
