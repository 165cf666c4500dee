/**
 * How published figures reach the wall's KPIs: as `kpi.value` events ingested in the same request
 * as the publication or correction, so the KPI tile changes live and the KPI's own history keeps
 * every value. A `sum` waits until every unit of the template has published: a partial sum on the
 * wall would read as a collapse.
 */
import type { ReportingTemplate } from '../../../config/schema/reporting';
import type { IngestEvent } from '../domain';
import type { FigureValues } from './figures-check';

export function kpiEventsFor(
  template: ReportingTemplate,
  period: string,
  published: ReadonlyMap<string, FigureValues>,
): IngestEvent[] {
  const events: IngestEvent[] = [];
  for (const indicator of template.indicators) {
    if (!indicator.kpi) continue;
    const values = template.units.map((unit) => published.get(unit)?.[indicator.id] ?? null);
    if (values.some((value) => value === null)) continue;
    const numbers = values as number[];
    const value =
      indicator.kpi.combine === 'value'
        ? numbers[0]!
        : Number(numbers.reduce((sum, v) => sum + v, 0).toFixed(indicator.decimals));
    events.push({ domain: 'kpi', kind: 'kpi.value', data: { code: indicator.kpi.code, period, value } });
  }
  return events;
}
