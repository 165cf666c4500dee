/** What the schema of a template cannot say: unique indicator ids, min ≤ max, a start day for custom periods. */
import type { ReportingTemplate } from '../../../config/schema/reporting';

export function checkReportingTemplate(template: ReportingTemplate): Array<{ path: string; reason: string }> {
  const problems: Array<{ path: string; reason: string }> = [];
  const seen = new Set<string>();
  template.indicators.forEach((indicator, index) => {
    if (seen.has(indicator.id))
      problems.push({
        path: `/indicators/${index}/id`,
        reason: `chỉ tiêu "${indicator.id}" lặp lại / indicator "${indicator.id}" is listed twice`,
      });
    seen.add(indicator.id);
    if (indicator.min !== undefined && indicator.max !== undefined && indicator.min > indicator.max) {
      problems.push({ path: `/indicators/${index}/max`, reason: `max nhỏ hơn min / max is below min` });
    }
  });
  if (template.period === 'custom' && template.customStartDay === undefined) {
    problems.push({
      path: '/customStartDay',
      reason: 'kỳ tùy chỉnh cần ngày bắt đầu (customStartDay) / a custom period needs customStartDay',
    });
  }
  return problems;
}
