/** The history of a detail as bars in a 100×40 box: pure, so it is tested without a DOM. */
export interface HistoryBar {
  period: string;
  x: number;
  width: number;
  height: number;
  /** The period the figure is for. */
  current: boolean;
  /** That period has not ended: drawn as a frame, not as a low bar. */
  running: boolean;
}

export function historyBars(
  history: ReadonlyArray<{ period: string; value: number | null }>,
  period: string,
  running: boolean,
): HistoryBar[] {
  if (history.length === 0) return [];
  const max = Math.max(0, ...history.map((point) => point.value ?? 0));
  const slot = 100 / history.length;
  return history.map((point, index) => ({
    period: point.period,
    x: index * slot + slot * 0.12,
    width: slot * 0.76,
    // A missing figure has no bar at all; a zero a hairline, so that it reads as zero.
    height: point.value === null ? 0 : max === 0 ? 0.4 : Math.max(0.4, (point.value / max) * 38),
    current: point.period === period,
    running: running && point.period === period,
  }));
}
