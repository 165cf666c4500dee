import { describe, expect, it } from 'vitest';
import Type from 'typebox';
import { documentedIngestBody } from './ingest-schema';

describe('the documented events body', () => {
  it('lists the event kinds of every domain it is given, so a new domain appears by itself', () => {
    const Reading = Type.Object({ level: Type.Number() }, { additionalProperties: false });
    const body = documentedIngestBody(
      [
        {
          name: 'rivers',
          title: { vi: 'Sông', en: 'Rivers' },
          events: { 'river.level': Reading, 'river.alarm': Type.Object({}) },
        },
      ],
      50,
    ) as unknown as {
      oneOf: [
        { oneOf: Array<{ properties: Record<string, unknown>; additionalProperties: boolean }> },
        { maxItems: number },
      ];
    };
    const [event, batch] = body.oneOf;
    expect(event.oneOf.map((variant) => [variant.properties.domain, variant.properties.kind])).toEqual([
      [expect.objectContaining({ const: 'rivers' }), expect.objectContaining({ const: 'river.level' })],
      [expect.objectContaining({ const: 'rivers' }), expect.objectContaining({ const: 'river.alarm' })],
    ]);
    expect(event.oneOf[0]!.properties.data).toEqual(Reading);
    expect(event.oneOf[0]!.additionalProperties).toBe(false);
    expect(batch.maxItems).toBe(50);
  });
});
