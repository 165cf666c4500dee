/**
 * The one way a schema's refusal becomes words for a person: which field, and what it must be,
 * in Vietnamese and in English. Every place that validates with a schema (the ingest path, the
 * routes' bodies, the config files, the screens) goes through here, so that a feed author, an
 * operator and an administrator read the same sentence for the same mistake.
 *
 * It reads the errors of TypeBox (`Validator.Errors`) and of Ajv (Fastify's default route
 * validator): both say `keyword`, `instancePath`, `schemaPath` and `params`, with a few params
 * named differently (`requiredProperties` or `missingProperty`…), which are read both ways.
 */
import { InputError, fieldPath } from './ingest-error';

/** What both validators report for one failed keyword. */
export interface SchemaErrorLike {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: object;
  message?: string;
}

/** One refusal, ready to show: `pointer` is the JSON pointer of the field at fault. */
export interface SchemaRefusal {
  /** `/events/0/data/lat`: the property itself (a missing or unknown one included). */
  pointer: string;
  vi: string;
  en: string;
}

type Params = Record<string, unknown>;

const TYPES: Record<string, { vi: string; en: string }> = {
  string: { vi: 'chuỗi ký tự', en: 'a string' },
  number: { vi: 'số', en: 'a number' },
  integer: { vi: 'số nguyên', en: 'an integer' },
  boolean: { vi: 'true hoặc false', en: 'true or false' },
  object: { vi: 'đối tượng', en: 'an object' },
  array: { vi: 'danh sách (mảng)', en: 'a list (array)' },
  null: { vi: 'null', en: 'null' },
};

const FORMATS: Record<string, { vi: string; en: string }> = {
  'date-time': {
    vi: 'ngày giờ (ISO 8601, ví dụ 2025-01-31T08:00:00+07:00)',
    en: 'date and time (ISO 8601, e.g. 2025-01-31T08:00:00+07:00)',
  },
  date: { vi: 'ngày (YYYY-MM-DD)', en: 'date (YYYY-MM-DD)' },
  time: { vi: 'giờ (HH:MM:SS)', en: 'time (HH:MM:SS)' },
  email: { vi: 'địa chỉ email', en: 'email address' },
  uri: { vi: 'địa chỉ URL', en: 'URL' },
  url: { vi: 'địa chỉ URL', en: 'URL' },
  uuid: { vi: 'mã UUID', en: 'UUID' },
  ipv4: { vi: 'địa chỉ IPv4', en: 'IPv4 address' },
  ipv6: { vi: 'địa chỉ IPv6', en: 'IPv6 address' },
  hostname: { vi: 'tên máy chủ', en: 'host name' },
  regex: { vi: 'biểu thức chính quy', en: 'regular expression' },
};

/** Values as a person types them: strings bare, everything else as JSON. */
function listed(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
}

function oneOf(values: readonly unknown[]): { vi: string; en: string } {
  if (values.length === 1) return { vi: `phải là ${listed(values)}`, en: `must be ${listed(values)}` };
  return { vi: `phải là một trong các giá trị: ${listed(values)}`, en: `must be one of: ${listed(values)}` };
}

function child(pointer: string, name: unknown): string {
  return `${pointer}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

const firstOf = (list: unknown, single: unknown): unknown => (Array.isArray(list) ? list[0] : single);

/** The node of `schema` at a `schemaPath` (`#/properties/domain`), or undefined. */
function schemaAt(schema: unknown, schemaPath: string): unknown {
  let node = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Params)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function constantsOf(union: unknown): unknown[] | null {
  const branches = typeof union === 'object' && union !== null ? (union as Params).anyOf : undefined;
  if (
    !Array.isArray(branches) ||
    !branches.every((branch) => typeof branch === 'object' && branch !== null && 'const' in branch)
  )
    return null;
  return branches.map((branch) => (branch as Params).const);
}

/**
 * A union of constants (`Type.Union([Type.Literal('a'), …])`) fails once per branch, each saying
 * only "must be equal to constant": gathered here into the list of what is allowed. TypeBox stops
 * at 8 errors, fewer than the domains we have, so the list is read from the schema when given.
 */
function unionOfConstants(
  first: SchemaErrorLike,
  errors: readonly SchemaErrorLike[],
  schema: unknown,
): unknown[] | null {
  const branch = /^(.*)\/anyOf\/\d+(?:\/const)?$/.exec(first.schemaPath);
  if (first.keyword !== 'const' || !branch) return null;
  const union = branch[1]!;
  const fromSchema = schema === undefined ? null : constantsOf(schemaAt(schema, union));
  if (fromSchema) return fromSchema;
  const siblings = errors.filter(
    (error) => error.instancePath === first.instancePath && error.schemaPath.startsWith(`${union}/anyOf/`),
  );
  if (!siblings.every((error) => error.keyword === 'const')) return null;
  return siblings.map((error) => (error.params as Params).allowedValue);
}

/** Describes one failed keyword; `errors` are all of them (a union's branches are read together). */
function describe(first: SchemaErrorLike, errors: readonly SchemaErrorLike[], schema: unknown): SchemaRefusal {
  const params = first.params as Params;
  const at = first.instancePath;
  const limit = params.limit;
  switch (first.keyword) {
    case 'required':
      // Name the missing property itself, not only its parent object.
      return {
        pointer: child(at, firstOf(params.requiredProperties, params.missingProperty)),
        vi: 'là bắt buộc',
        en: 'is required',
      };
    case 'dependentRequired':
    case 'dependencies': {
      const missing = firstOf(params.dependencies, params.missingProperty);
      const given = String(params.property);
      return {
        pointer: child(at, missing),
        vi: `là bắt buộc khi có ${given}`,
        en: `is required when ${given} is given`,
      };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const extra = firstOf(
        params.additionalProperties ?? params.unevaluatedProperties,
        params.additionalProperty ?? params.unevaluatedProperty,
      );
      return {
        pointer: extra === undefined ? at : child(at, extra),
        vi: 'không phải là trường được phép',
        en: 'is not an allowed property',
      };
    }
    case 'boolean':
      // TypeBox reports an unknown property as the `false` schema of `additionalProperties`.
      if (first.schemaPath.endsWith('/additionalProperties'))
        return { pointer: at, vi: 'không phải là trường được phép', en: 'is not an allowed property' };
      return { pointer: at, vi: 'không được phép có ở đây', en: 'is not allowed here' };
    case 'type': {
      const types = (Array.isArray(params.type) ? params.type : [params.type]).map(
        (type) => TYPES[String(type)] ?? { vi: String(type), en: String(type) },
      );
      return {
        pointer: at,
        vi: `phải là ${types.map((type) => type.vi).join(' hoặc ')}`,
        en: `must be ${types.map((type) => type.en).join(' or ')}`,
      };
    }
    case 'enum':
      return { pointer: at, ...oneOf(Array.isArray(params.allowedValues) ? params.allowedValues : []) };
    case 'const': {
      const values = unionOfConstants(first, errors, schema) ?? [params.allowedValue];
      return { pointer: at, ...oneOf(values) };
    }
    case 'minimum':
      return { pointer: at, vi: `phải lớn hơn hoặc bằng ${limit}`, en: `must be at least ${limit}` };
    case 'maximum':
      return { pointer: at, vi: `phải nhỏ hơn hoặc bằng ${limit}`, en: `must be at most ${limit}` };
    case 'exclusiveMinimum':
      return { pointer: at, vi: `phải lớn hơn ${limit}`, en: `must be greater than ${limit}` };
    case 'exclusiveMaximum':
      return { pointer: at, vi: `phải nhỏ hơn ${limit}`, en: `must be less than ${limit}` };
    case 'multipleOf':
      return {
        pointer: at,
        vi: `phải là bội số của ${params.multipleOf}`,
        en: `must be a multiple of ${params.multipleOf}`,
      };
    case 'minLength':
      if (limit === 1) return { pointer: at, vi: 'không được để trống', en: 'must not be empty' };
      return { pointer: at, vi: `phải có ít nhất ${limit} ký tự`, en: `must have at least ${limit} characters` };
    case 'maxLength':
      return { pointer: at, vi: `không được dài quá ${limit} ký tự`, en: `must have at most ${limit} characters` };
    case 'pattern':
      return {
        pointer: at,
        vi: `không đúng định dạng (mẫu ${String(params.pattern)})`,
        en: `does not have the expected form (pattern ${String(params.pattern)})`,
      };
    case 'format': {
      const name = String(params.format);
      const format = FORMATS[name] ?? { vi: `giá trị theo định dạng ${name}`, en: `${name} value` };
      return { pointer: at, vi: `phải là ${format.vi} hợp lệ`, en: `must be a valid ${format.en}` };
    }
    case 'minItems':
      if (limit === 1)
        return {
          pointer: at,
          vi: 'không được để trống (cần ít nhất 1 phần tử)',
          en: 'must not be empty (at least 1 item)',
        };
      return { pointer: at, vi: `phải có ít nhất ${limit} phần tử`, en: `must have at least ${limit} items` };
    case 'maxItems':
      return { pointer: at, vi: `chỉ được có tối đa ${limit} phần tử`, en: `must have at most ${limit} items` };
    case 'uniqueItems':
      return { pointer: at, vi: 'không được có phần tử trùng nhau', en: 'must not hold the same item twice' };
    case 'minProperties':
      return { pointer: at, vi: `phải có ít nhất ${limit} trường`, en: `must have at least ${limit} properties` };
    case 'maxProperties':
      return { pointer: at, vi: `chỉ được có tối đa ${limit} trường`, en: `must have at most ${limit} properties` };
    default:
      // anyOf, oneOf, not, if… say nothing a person can act on beyond "this value is not right".
      return {
        pointer: at,
        vi: 'không hợp lệ',
        en: first.message && first.message.length > 0 ? first.message : 'is invalid',
      };
  }
}

/**
 * Each field's first problem, in order. A union's noise (each branch failing, then `anyOf`) is
 * read as one: a list of allowed constants, or the first branch's reason; TypeBox's two words for
 * one unknown property (`false` schema, then `additionalProperties`) are one as well.
 */
export function describeSchemaErrors(errors: Iterable<SchemaErrorLike>, schema?: unknown): SchemaRefusal[] {
  const all = [...errors];
  const byPointer = new Map<string, SchemaRefusal>();
  for (const error of all) {
    const refusal = describe(error, all, schema);
    if (!byPointer.has(refusal.pointer)) byPointer.set(refusal.pointer, refusal);
  }
  return [...byPointer.values()];
}

/**
 * The first problem of a refused value, or null when there is none to describe. `schema`, the
 * schema the value was checked against, lets a long union list all its values.
 */
export function describeSchemaError(errors: Iterable<SchemaErrorLike>, schema?: unknown): SchemaRefusal | null {
  const all = [...errors];
  const first = all[0];
  return first ? describe(first, all, schema) : null;
}

/** The same refusal as an `InputError` whose field reads as a feed author writes it (`events[0].data.lat`). */
export function schemaInputError(root: string, errors: Iterable<SchemaErrorLike>, schema?: unknown): InputError {
  const refusal = describeSchemaError(errors, schema);
  if (!refusal) return new InputError({ field: root, en: 'is invalid', vi: 'không hợp lệ' });
  return new InputError({ field: fieldPath(root, refusal.pointer), en: refusal.en, vi: refusal.vi });
}
