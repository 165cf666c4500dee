/**
 * The one formatter of schema refusals, read against the real schemas that feeds and operators
 * meet: the ingest envelope, the domains' event data, the screen definition.
 */
import { describe, expect, it } from 'vitest';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { domains } from '../domains/index';
import { SecurityDailyStats, SecurityIncident, KIND_KEYS, SEVERITY_KEYS } from '../domains/security/schema';
import { AnnouncementPublished } from '../domains/announcements/schema';
import { Screen } from '../../config/schema/screen';
import { ingestBodySchema, ingestEventSchema } from './ingest-schema';
import {
  describeSchemaError,
  describeSchemaErrors,
  schemaInputError,
  type SchemaErrorLike,
  type SchemaRefusal,
} from './schema-error';

const domainNames = domains.map((domain) => domain.name);
const envelope = Compile(ingestEventSchema(domainNames));
const incident = Compile(SecurityIncident);

function refusal(
  check: { Errors(value: unknown): Iterable<SchemaErrorLike>; Type(): unknown },
  value: unknown,
): SchemaRefusal {
  const described = describeSchemaError(check.Errors(value), check.Type());
  expect(described).not.toBeNull();
  return described!;
}

const goodIncident = {
  incidentId: 'i-1',
  kind: 'theft',
  ward: '05980',
  occurredAt: Date.UTC(2025, 0, 1),
  severity: 'minor',
};

/** Words of the validators' English messages: none may reach a Vietnamese reader. */
const ENGLISH =
  /\b(must|required|allowed|constant|schema|match|property|properties|fewer|more than|items|characters|anyOf|equal|when)\b/i;

describe('describeSchemaError', () => {
  it("lists every known domain for an unknown domain, in both languages (more than TypeBox's 8 errors)", () => {
    expect(domainNames.length).toBeGreaterThan(8);
    const { pointer, vi, en } = refusal(envelope, { domain: 'weather', kind: 'x', data: {} });
    expect(pointer).toBe('/domain');
    for (const name of domainNames) {
      expect(en).toContain(name);
      expect(vi).toContain(name);
    }
    expect(en).toMatch(/^must be one of: /);
    expect(vi).toMatch(/^phải là một trong các giá trị: /);
    expect(en).not.toContain('constant');
  });

  it('lists the values of an enum', () => {
    const { pointer, vi, en } = refusal(incident, { ...goodIncident, severity: 'apocalyptic' });
    expect(pointer).toBe('/severity');
    expect(en).toBe(`must be one of: ${SEVERITY_KEYS.join(', ')}`);
    expect(vi).toBe(`phải là một trong các giá trị: ${SEVERITY_KEYS.join(', ')}`);
  });

  it('lists the values of a union of literals inside an event (announcement priority)', () => {
    const check = Compile(AnnouncementPublished);
    const described = describeSchemaErrors(
      check.Errors({
        announcementId: 'a-1',
        text: { vi: 'Thông báo' },
        priority: 'urgent',
        validFrom: Date.UTC(2025, 0, 1),
      }),
    );
    expect(described).toContainEqual({
      pointer: '/priority',
      en: 'must be one of: normal, high, emergency',
      vi: 'phải là một trong các giá trị: normal, high, emergency',
    });
  });

  it('names the missing property of a dependentRequired, saying which one asked for it', () => {
    const { ward: _ward, ...noWard } = goodIncident;
    const { pointer, vi, en } = refusal(incident, { ...noWard, lon: 106.76 });
    expect(pointer).toBe('/lat');
    expect(en).toBe('is required when lon is given');
    expect(vi).toBe('là bắt buộc khi có lon');
  });

  it('names a missing property itself, and an unknown one', () => {
    const { incidentId: _id, ...noId } = goodIncident;
    expect(refusal(incident, noId)).toEqual({ pointer: '/incidentId', vi: 'là bắt buộc', en: 'is required' });
    expect(refusal(incident, { ...goodIncident, victim: 'A' })).toEqual({
      pointer: '/victim',
      vi: 'không phải là trường được phép',
      en: 'is not an allowed property',
    });
  });

  it('says what each keyword asks for, with the limit, in Vietnamese without English', () => {
    const stats = Compile(SecurityDailyStats);
    const day = '2025-01-31';
    const cases: Array<[string, SchemaRefusal]> = [
      ['type', refusal(incident, { ...goodIncident, lat: 'north', lon: 1 })],
      ['minimum', refusal(stats, { day, counts: [{ kind: 'theft', ward: '05980', count: -1 }] })],
      ['maximum', refusal(incident, { ...goodIncident, lat: 91, lon: 1 })],
      ['minLength', refusal(incident, { ...goodIncident, incidentId: '' })],
      ['maxLength', refusal(incident, { ...goodIncident, place: 'x'.repeat(201) })],
      ['pattern', refusal(incident, { ...goodIncident, ward: 'abcde' })],
      ['format', refusal(envelope, { domain: 'security', kind: 'x', data: {}, time: 'yesterday' })],
      [
        'maxItems',
        refusal(stats, {
          day,
          counts: Array.from({ length: 1001 }, () => ({ kind: 'theft', ward: '05980', count: 1 })),
        }),
      ],
      ['enum', refusal(stats, { day, counts: [{ kind: 'arson', ward: '05980', count: 1 }] })],
    ];
    const said = Object.fromEntries(cases);
    expect(said.type).toEqual({ pointer: '/lat', vi: 'phải là số', en: 'must be a number' });
    expect(said.minimum).toEqual({
      pointer: '/counts/0/count',
      vi: 'phải lớn hơn hoặc bằng 0',
      en: 'must be at least 0',
    });
    expect(said.maximum).toEqual({ pointer: '/lat', vi: 'phải nhỏ hơn hoặc bằng 90', en: 'must be at most 90' });
    expect(said.minLength).toEqual({ pointer: '/incidentId', vi: 'không được để trống', en: 'must not be empty' });
    expect(said.maxLength).toEqual({
      pointer: '/place',
      vi: 'không được dài quá 200 ký tự',
      en: 'must have at most 200 characters',
    });
    expect(said.pattern!.vi).toBe('không đúng định dạng (mẫu ^[0-9]{5}$)');
    expect(said.format!.pointer).toBe('/time');
    expect(said.format!.vi).toMatch(/^phải là ngày giờ \(ISO 8601/);
    expect(said.maxItems).toEqual({
      pointer: '/counts',
      vi: 'chỉ được có tối đa 1000 phần tử',
      en: 'must have at most 1000 items',
    });
    expect(said.enum!.en).toBe(`must be one of: ${KIND_KEYS.join(', ')}`);
    for (const [keyword, { vi }] of cases) expect(vi, keyword).not.toMatch(ENGLISH);
  });

  it('covers minItems and additionalProperties on the ingest body and a screen', () => {
    const body = Compile(ingestBodySchema(domainNames, 10));
    const empty = refusal(body, []);
    expect(empty).toEqual({
      pointer: '',
      vi: 'không được để trống (cần ít nhất 1 phần tử)',
      en: 'must not be empty (at least 1 item)',
    });
    const extra = refusal(body, [{ domain: 'security', kind: 'x', data: {}, extra: 1 }]);
    expect(extra.pointer).toBe('/0/extra');
    const screen = describeSchemaErrors(Compile(Screen).Errors({ version: 1, id: 'ops', profile: 'hologram' }));
    for (const { vi } of screen) expect(vi).not.toMatch(ENGLISH);
  });

  it('reads the same refusal from Ajv, which Fastify validates routes with', () => {
    // Ajv's words for a missing property and for a union of literals (its schemaPath ends with the keyword).
    expect(
      describeSchemaError([
        {
          keyword: 'required',
          instancePath: '/screen',
          schemaPath: '#/properties/screen/required',
          params: { missingProperty: 'profile' },
          message: "must have required property 'profile'",
        },
      ]),
    ).toEqual({ pointer: '/screen/profile', vi: 'là bắt buộc', en: 'is required' });
    const union = ['led', 'wall'].map((value, index) => ({
      keyword: 'const',
      instancePath: '/profile',
      schemaPath: `#/properties/profile/anyOf/${index}/const`,
      params: { allowedValue: value },
      message: 'must be equal to constant',
    }));
    expect(
      describeSchemaError([
        ...union,
        {
          keyword: 'anyOf',
          instancePath: '/profile',
          schemaPath: '#/properties/profile/anyOf',
          params: {},
          message: 'must match a schema in anyOf',
        },
      ]),
    ).toEqual({ pointer: '/profile', vi: 'phải là một trong các giá trị: led, wall', en: 'must be one of: led, wall' });
  });

  it('never lets an unknown keyword put English in the Vietnamese', () => {
    const check = Compile(
      Type.Object({ n: Type.Number({ multipleOf: 5 }), s: Type.Array(Type.Number(), { uniqueItems: true }) }),
    );
    for (const { vi } of describeSchemaErrors(check.Errors({ n: 3, s: [1, 1] }))) expect(vi).not.toMatch(ENGLISH);
    expect(
      describeSchemaError([
        { keyword: 'not', instancePath: '/x', schemaPath: '#/not', params: {}, message: 'must not be valid' },
      ]),
    ).toEqual({ pointer: '/x', vi: 'không hợp lệ', en: 'must not be valid' });
  });
});

describe('schemaInputError', () => {
  it('names the field as a feed author writes it, in both messages', () => {
    const error = schemaInputError(
      'events[2].data',
      incident.Errors({ ...goodIncident, lat: 200, lon: 1 }),
      SecurityIncident,
    );
    expect(error.field).toBe('events[2].data.lat');
    expect(error.message).toBe('events[2].data.lat: must be at most 90');
    expect(error.messageVi).toBe('events[2].data.lat: phải nhỏ hơn hoặc bằng 90');
  });
});
