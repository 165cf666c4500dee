/**
 * A feed's mapping: a JSONata expression from one source message to one or more of our events.
 * JSONata is a maintained, documented language (jsonata.org) that an operator can test in the
 * console, where a hand-written path syntax would grow into one. The result is checked here
 * (shape, and only the (domain, kind) pairs the feed declares); the event's data is checked by
 * ingest, like any other feed's.
 */
import jsonata from 'jsonata';
import type { IngestEvent } from '../../domains/domain';

export interface Words {
  vi: string;
  en: string;
}

/** Why a message did not become events, in plain words and where it went wrong. */
export class MappingError extends Error {
  readonly vi: string;
  readonly field: string | null;
  constructor(words: Words, field: string | null = null) {
    super(words.en);
    this.name = 'MappingError';
    this.vi = words.vi;
    this.field = field;
  }
}

export type CompiledExpression = jsonata.Expression;

/** Compiles an expression; a syntax error says where (character position) and what. */
export function compileExpression(source: string): CompiledExpression {
  try {
    return jsonata(source);
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    throw new MappingError({
      en: `JSONata syntax error at character ${position ?? '?'}: ${message ?? String(error)}`,
      vi: `biểu thức JSONata sai cú pháp ở ký tự ${position ?? '?'}: ${message ?? String(error)}`,
    });
  }
}

/** Runs an expression; a run-time error (a wrong function, a type error) says so in plain words. */
export async function evaluate(
  expression: CompiledExpression,
  input: unknown,
  bindings: Record<string, unknown> = {},
): Promise<unknown> {
  try {
    const result: unknown = await expression.evaluate(input, bindings);
    // JSONata marks its sequences with extra properties: plain JSON from here on.
    return result === undefined ? undefined : (JSON.parse(JSON.stringify(result)) as unknown);
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    throw new MappingError({
      en: `the mapping failed at character ${position ?? '?'}: ${message ?? String(error)}`,
      vi: `biểu thức ánh xạ lỗi ở ký tự ${position ?? '?'}: ${message ?? String(error)}`,
    });
  }
}

export interface EventKindRef {
  domain: string;
  kind: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The mapping's result as events: each an object with the declared domain and kind, an id and data. */
export function toEvents(result: unknown, emits: readonly EventKindRef[]): IngestEvent[] {
  if (result === undefined || result === null) {
    throw new MappingError({
      en: 'the mapping gave nothing for this message (no event)',
      vi: 'biểu thức ánh xạ không cho sự kiện nào từ tin này',
    });
  }
  const list = Array.isArray(result) ? result : [result];
  return list.map((item, index) => {
    const at = `events[${index}]`;
    if (!isObject(item)) throw new MappingError({ en: 'is not an object', vi: 'không phải một đối tượng' }, at);
    const { domain, kind, id, data, time } = item;
    if (!emits.some((allowed) => allowed.domain === domain && allowed.kind === kind)) {
      const list = emits.map((allowed) => `${allowed.domain}/${allowed.kind}`).join(', ');
      throw new MappingError(
        {
          en: `"${String(domain)}/${String(kind)}" is not one this feed emits (emits: ${list})`,
          vi: `"${String(domain)}/${String(kind)}" không nằm trong các loại sự kiện của luồng này (${list})`,
        },
        `${at}.kind`,
      );
    }
    if (typeof id !== 'string' || id.length === 0) {
      throw new MappingError(
        {
          en: 'needs an id made from the source’s fields (the idempotency key)',
          vi: 'cần mã định danh (id) lập từ các trường của nguồn (khoá chống trùng)',
        },
        `${at}.id`,
      );
    }
    if (!isObject(data)) throw new MappingError({ en: 'must be an object', vi: 'phải là một đối tượng' }, `${at}.data`);
    if (time !== undefined && typeof time !== 'string' && typeof time !== 'number')
      throw new MappingError(
        { en: 'must be an ISO 8601 text or epoch ms', vi: 'phải là thời điểm ISO 8601 hoặc mili giây' },
        `${at}.time`,
      );
    const event: IngestEvent = { domain, kind, id, data } as IngestEvent;
    if (time !== undefined) event.time = time;
    return event;
  });
}
