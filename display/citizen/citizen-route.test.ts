import { describe, expect, it } from 'vitest';
import { pageUrl, parseCitizenRoute, readCity } from './citizen-route';

describe('citizen routes', () => {
  it('reads the form, a tracking code and a followed report, in either language', () => {
    expect(parseCitizenRoute({ pathname: '/phan-anh', search: '' })).toEqual({ kind: 'form', locale: 'vi' });
    expect(parseCitizenRoute({ pathname: '/phan-anh/', search: '?lang=en' })).toEqual({ kind: 'form', locale: 'en' });
    expect(parseCitizenRoute({ pathname: '/phan-anh/LS-7K2M9Q', search: '' })).toEqual({
      kind: 'track',
      code: 'LS-7K2M9Q',
      locale: 'vi',
    });
    expect(parseCitizenRoute({ pathname: '/phan-anh/theo-doi/r-123/', search: '?lang=en' })).toEqual({
      kind: 'follow',
      reportId: 'r-123',
      locale: 'en',
    });
  });

  it('keeps the language in links', () => {
    expect(pageUrl('/phan-anh/X', 'vi')).toBe('/phan-anh/X');
    expect(pageUrl('/phan-anh/X', 'en')).toBe('/phan-anh/X?lang=en');
  });

  it("takes the city's settings from the page, or the defaults when the page has none", () => {
    expect(readCity('{"timeZone":"Asia/Bangkok","zoom":11}')).toMatchObject({ timeZone: 'Asia/Bangkok', zoom: 11 });
    expect(readCity('').timeZone).toBe('Asia/Ho_Chi_Minh');
  });
});
