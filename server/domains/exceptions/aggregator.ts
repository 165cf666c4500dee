/**
 * The exceptions stage. It takes no events: it is fed by the other domains' published states.
 * Why a stage after the aggregators rather than a domain that re-derives from the events: the
 * figures a rule judges (a KPI's share of plan, today's reports, a ward's overdue count) are
 * already computed, once, by their own aggregators; judging what the screens show keeps one
 * meaning per figure and one path (store → aggregators → this stage → hub). It is listed last,
 * so in each flush it sees the others' fresh states; `tick` re-judges what only time changes
 * (a feed's silence, "today" after midnight).
 */
import type { Aggregator, DomainContext, TopicWriter } from '../domain';
import type { TopicName } from '../../protocol/topics';
import { evaluate } from '../../exceptions/evaluate';
import { closureSnapshot } from '../snapshot-codec';

export function createExceptionsAggregator(context: DomainContext): Aggregator {
  let since = new Map<string, number>();
  let judgedRules: unknown = null;
  let judgedStates: unknown[] = [];

  function judge(now: number, out: TopicWriter, force: boolean): void {
    const rules = context.exceptionRules?.() ?? [];
    const topics = [...new Set(rules.map((rule) => rule.topic as TopicName))];
    const states = topics.map((topic) => context.topicState?.(topic));
    // Aggregators replace what they publish, never change it in place: same objects, same figures.
    if (!force && rules === judgedRules && states.every((state, index) => state === judgedStates[index])) return;
    judgedRules = rules;
    judgedStates = states;
    const result = evaluate(
      rules,
      { topic: (name) => states[topics.indexOf(name as TopicName)], feeds: context.feedSilences?.() ?? [] },
      now,
      context.timeZone,
      since,
    );
    since = result.since;
    out.set('exceptions.now', { items: result.items });
    out.set('exceptions.alarms', { items: result.items.filter((item) => item.severity === 'alarm') });
  }

  // What lasts is when each exception began; the judged inputs are a cache, judged afresh after a restore.
  const snapshot = closureSnapshot(
    1,
    () => ({ since }),
    (state) => {
      since = state.since;
      judgedRules = null;
      judgedStates = [];
    },
  );

  return {
    snapshot,
    apply() {},
    flush(out) {
      judge(context.now(), out, false);
    },
    tick(now, out) {
      judge(now, out, true);
    },
  };
}
