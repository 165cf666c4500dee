import { describe, expect, it } from 'vitest';
import { refusalOf } from './citizen-api';
import { fitWithin } from './photos';

describe("the citizens' app's reading of refusals", () => {
  it("reads the house's error body, with the field it names", () => {
    expect(
      refusalOf(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'address: an address alone is not accepted yet',
        messageVi: 'address: chưa nhận được phản ánh chỉ có địa chỉ',
        field: 'address',
      }),
    ).toEqual({
      status: 400,
      message: {
        vi: 'address: chưa nhận được phản ánh chỉ có địa chỉ',
        en: 'address: an address alone is not accepted yet',
      },
      field: 'address',
    });
  });

  it('reads `{ error: { vi, en, field } }` too, and says something plain for anything else', () => {
    expect(refusalOf(429, { error: { vi: 'Quá nhiều', en: 'Too many', field: 'deviceId' } }).field).toBe('deviceId');
    const unknown = refusalOf(502, '<html>Bad gateway</html>');
    expect(unknown.field).toBeNull();
    expect(unknown.message.vi).toMatch(/từ chối/);
  });
});

describe('photos made small on the phone', () => {
  it('keeps the longest side at most 1600 px and the proportions, never enlarging', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
