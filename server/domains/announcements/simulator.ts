/** Simulated announcements: a handful valid now, and a new one now and then. */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';

interface Sample {
  priority: 'normal' | 'high' | 'emergency';
  vi: string;
  en: string;
  /** What a citizens' notice carries (`/thong-bao`); absent fields are left out of the event. */
  audience?: 'public' | 'internal';
  title?: { vi: string; en: string };
  topic?: string;
  wards?: string[];
  link?: string;
}

const HOUR = 3_600_000;

export function createAnnouncementsSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const samples = context.fixtures.readJson<{ announcements: Sample[] }>('announcements/samples.json').announcements;
  // Ids must differ between runs of the simulator, or a restart's events would count as retries.
  const run = Math.floor(random() * 36 ** 6).toString(36);
  let count = 0;
  let untilNext = 0;

  const publish = (sample: Sample, now: number, validFrom: number, validTo: number, id: string): IngestEvent => ({
    domain: 'announcements',
    kind: 'announcement.published',
    id,
    time: validFrom,
    source: 'simulator',
    simulated: true,
    data: {
      announcementId: id,
      text: { vi: sample.vi, en: sample.en },
      priority: sample.priority,
      ...(sample.audience ? { audience: sample.audience } : {}),
      ...(sample.title ? { title: sample.title } : {}),
      ...(sample.topic ? { topic: sample.topic } : {}),
      ...(sample.wards ? { wards: sample.wards } : {}),
      ...(sample.link ? { link: sample.link } : {}),
      validFrom: new Date(validFrom).toISOString(),
      validTo: new Date(validTo).toISOString(),
    },
  });

  return {
    seed(now) {
      // Deterministic ids: seeding twice (e.g. after the store was emptied by hand) stays idempotent.
      return samples
        .slice(0, 6)
        .map((sample, index) =>
          publish(sample, now, now - (index + 1) * 6 * HOUR, now + (3 + index) * 24 * HOUR, `sim-ann-seed-${index}`),
        );
    },
    step(now, elapsedMs, rate) {
      untilNext -= elapsedMs * rate;
      if (untilNext > 0) return [];
      untilNext = (2 + random() * 4) * 60_000; // every 2–6 minutes at rate 1
      const sample = samples[Math.floor(random() * samples.length)]!;
      return [publish(sample, now, now, now + (1 + random() * 3) * HOUR, `sim-ann-${run}-${++count}`)];
    },
  };
}
