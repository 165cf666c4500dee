/**
 * The answers to a category's questions (Open311 service definition attributes): checked against
 * the category's definition when a report arrives, and shown to the department with their
 * questions. A multivaluelist answer is kept as its keys joined by commas (the event stores strings).
 */
import type { CategoryAttribute, ReportCategory } from './schema';

/** Longest answer kept (as `report.created.attributes` allows). */
const ANSWER_MAX = 200;

interface AttributeRefusal {
  field: string;
  en: string;
  vi: string;
}

interface AttributeAnswer {
  code: string;
  question: { vi: string; en: string };
  answer: string;
  /** The answer as a person reads it: the names of the chosen values, else the answer itself. */
  answerName: { vi: string; en: string };
}

const field = (code: string) => `attribute[${code}]`;

function checkOne(attribute: CategoryAttribute, raw: string[]): string | AttributeRefusal {
  const values = raw.map((value) => value.trim()).filter((value) => value.length > 0);
  const keys = (attribute.values ?? []).map((value) => value.key);
  const refuse = (en: string, vi: string): AttributeRefusal => ({ field: field(attribute.code), en, vi });
  if (attribute.datatype !== 'multivaluelist' && values.length > 1)
    return refuse('takes one value', 'chỉ nhận một giá trị');
  if (attribute.datatype === 'number' && !values.every((value) => Number.isFinite(Number(value))))
    return refuse('must be a number', 'phải là một số');
  if (attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist') {
    const unknown = values.find((value) => !keys.includes(value));
    if (unknown !== undefined)
      return refuse(
        `"${unknown.slice(0, 40)}" is not one of ${keys.join(', ')}`,
        `phải là một trong ${keys.join(', ')}`,
      );
  }
  const answer = [...new Set(values)].join(',');
  if (answer.length > ANSWER_MAX) return refuse(`at most ${ANSWER_MAX} characters`, `tối đa ${ANSWER_MAX} ký tự`);
  return answer;
}

/**
 * The answers a report keeps, or the first field at fault: a required question unanswered, a
 * value of the wrong type or not in the list, a code the category does not ask.
 */
export function checkAttributes(
  category: Pick<ReportCategory, 'attributes'>,
  given: ReadonlyMap<string, string[]>,
): { answers: Record<string, string> } | { refusal: AttributeRefusal } {
  const definitions = category.attributes ?? [];
  for (const code of given.keys()) {
    if (!definitions.some((attribute) => attribute.code === code)) {
      const known = definitions.map((attribute) => attribute.code).join(', ') || 'none';
      return {
        refusal: {
          field: field(code),
          en: `this service asks no such question (asks: ${known})`,
          vi: `loại phản ánh này không có câu hỏi này (có: ${known})`,
        },
      };
    }
  }
  const answers: Record<string, string> = {};
  for (const attribute of definitions) {
    const answer = checkOne(attribute, given.get(attribute.code) ?? []);
    if (typeof answer !== 'string') return { refusal: answer };
    if (answer.length > 0) answers[attribute.code] = answer;
    else if (attribute.required)
      return {
        refusal: {
          field: field(attribute.code),
          en: `required: ${attribute.description.en}`,
          vi: `bắt buộc: ${attribute.description.vi}`,
        },
      };
  }
  return { answers };
}

/** The answers of a report with their questions, in the category's order (for the department). */
export function attributeAnswers(report: {
  category: Pick<ReportCategory, 'attributes'>;
  attributes: Readonly<Record<string, string>>;
}): AttributeAnswer[] {
  const answers: AttributeAnswer[] = [];
  for (const attribute of report.category.attributes ?? []) {
    const answer = report.attributes[attribute.code];
    if (answer === undefined) continue;
    const names = answer
      .split(',')
      .map((key) => attribute.values?.find((value) => value.key === key)?.name ?? { vi: key, en: key });
    answers.push({
      code: attribute.code,
      question: attribute.description,
      answer,
      answerName: attribute.values
        ? { vi: names.map((name) => name.vi).join(', '), en: names.map((name) => name.en).join(', ') }
        : { vi: answer, en: answer },
    });
  }
  return answers;
}
