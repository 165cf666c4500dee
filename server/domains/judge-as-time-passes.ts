/**
 * Since when something needs attention is not in the log: the exceptions stage notes the moment a
 * flush first judged it, and the live system flushes as events come. Whatever applies a stretch of
 * log at once (a start, a new leader, the replay of a past moment) would otherwise judge once at
 * the end and say every exception began then. So it judges as time passes: before the first event
 * of each five minutes of the log's last hours, with the clock at the event before it.
 */

/**
 * How finely "since" is told (the list says "since 08:05"). Each judgement flushes every
 * aggregator (about 7 ms on a quiet machine): five minutes costs 36 of them for 3 hours of log;
 * each minute cost 2 s more in the replay of a moment.
 */
export const JUDGE_EVERY_MS = 5 * 60_000;

/**
 * Only the events of the last hours before the end are judged as time passes: with no snapshot
 * (a fresh server, or one the code no longer fits) the whole log is applied, whose events' own
 * times may span weeks (the simulator's seeded history); judged every five minutes, that was
 * thousands of flushes and a first replay over 30 s. An exception that began before this window
 * and after the snapshot is said to have begun at the window's first judgement.
 */
export const JUDGE_WINDOW_MS = 3 * 3_600_000;

/**
 * For events given in log order, up to the moment `until`: the moment to judge at before applying
 * each one (the previous event's time, when this one starts a new five minutes within the window),
 * or null when none is due.
 */
export function judgeMoments(until: number): (eventTime: number) => number | null {
  let previous: number | null = null;
  return (eventTime) => {
    const due =
      previous !== null &&
      previous >= until - JUDGE_WINDOW_MS &&
      Math.floor(eventTime / JUDGE_EVERY_MS) !== Math.floor(previous / JUDGE_EVERY_MS);
    const moment = due ? Math.min(previous!, until) : null;
    previous = eventTime;
    return moment;
  };
}
