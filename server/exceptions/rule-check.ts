/**
 * The config check of `config/exceptions.yaml`: each rule's topic exists and its field is where
 * the topic's payload schema says it is, so a misspelt field is refused at load rather than
 * never firing on the wall.
 */
import type { TSchema } from 'typebox';
import type { ExceptionRule } from '../../config/schema/exceptions';

interface Node {
  type?: string;
  anyOf?: Node[];
  properties?: Record<string, Node>;
  items?: Node;
}

export interface RuleProblem {
  path: string;
  reason: string;
}

/** The schema at a dotted path, through nullable unions; null when the path is not there. */
function at(schema: Node | undefined, path: string): Node | null {
  let node = schema;
  for (const key of path.split('.')) {
    const object = node?.anyOf ? node.anyOf.find((alternative) => alternative.type === 'object') : node;
    node = object?.properties?.[key];
    if (!node) return null;
  }
  return node ?? null;
}

const isNumber = (node: Node | null) =>
  node !== null && (node.type === 'number' || node.type === 'integer' || !!node.anyOf?.some(isNumber));

export function checkExceptionRules(
  rules: readonly ExceptionRule[],
  payloads: ReadonlyMap<string, TSchema>,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const ids = new Set<string>();
  rules.forEach((rule, index) => {
    const where = `/rules/${index}`;
    if (ids.has(rule.id)) problems.push({ path: `${where}/id`, reason: `rule id "${rule.id}" is used twice` });
    ids.add(rule.id);
    const payload = payloads.get(rule.topic) as Node | undefined;
    if (!payload) {
      problems.push({ path: `${where}/topic`, reason: `Không có chủ đề ${rule.topic} / no topic ${rule.topic}` });
      return;
    }
    let row: Node | undefined = payload;
    let fieldPath = rule.field;
    if (rule.kind === 'threshold' && rule.item !== undefined) row = payload.items;
    else if (rule.kind === 'threshold' && rule.each !== undefined) row = at(payload, rule.each)?.items;
    else if (rule.kind === 'anomaly') {
      row = at(payload, rule.field)?.items;
      fieldPath = rule.valueField;
    }
    if (!row) {
      problems.push({ path: where, reason: `${rule.topic}: no rows where the rule reads them` });
      return;
    }
    if (!isNumber(at(row, fieldPath)))
      problems.push({
        path: `${where}/field`,
        reason: `${rule.topic} không có số ở "${fieldPath}" / has no number at "${fieldPath}"`,
      });
    if (rule.kind === 'threshold' && rule.against === 'plan' && !isNumber(at(row, rule.planField ?? 'target')))
      problems.push({
        path: `${where}/planField`,
        reason: `${rule.topic}: no plan at "${rule.planField ?? 'target'}"`,
      });
  });
  return problems;
}
