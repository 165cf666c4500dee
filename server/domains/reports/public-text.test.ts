import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPersonalData, publicTextOf, PUBLIC_TEXT_MAX } from './public-text';

const kinds = (text: string) => maskPersonalData(text).flags.map((flag) => `${flag.kind}×${flag.count}`);

describe('maskPersonalData', () => {
  it.each([
    ['Gọi tôi 0912345678 nhé', 'Gọi tôi [đã ẩn số điện thoại] nhé'],
    ['SĐT: 0912 345 678', 'SĐT: [đã ẩn số điện thoại]'],
    ['SĐT: 0912.345.678.', 'SĐT: [đã ẩn số điện thoại].'],
    ['lh 091-234-5678', 'lh [đã ẩn số điện thoại]'],
    ['+84 912 345 678 gọi sau 5 giờ', '[đã ẩn số điện thoại] gọi sau 5 giờ'],
    ['(+84)912345678', '[đã ẩn số điện thoại]'],
    ['84912345678', '[đã ẩn số điện thoại]'],
    ['máy bàn 0205 3812 345', 'máy bàn [đã ẩn số điện thoại]'],
    ['SĐT0987654321', 'SĐT[đã ẩn số điện thoại]'],
  ])('masks the phone number in %j', (input, expected) => {
    expect(maskPersonalData(input)).toEqual({
      text: expected,
      flags: [{ kind: 'phone', count: 1, label: { vi: 'số điện thoại', en: 'phone number' } }],
    });
  });

  it.each([
    ['email nguyen.van.an@gmail.com', 'email [đã ẩn email]'],
    ['Liên hệ an_nguyen+ls@langson.gov.vn.', 'Liên hệ [đã ẩn email].'],
    ['thư: an (at) gmail.com', 'thư: [đã ẩn email]'],
    ['0912345678@gmail.com', '[đã ẩn email]'], // an address made of a phone number is one address
  ])('masks the e-mail address in %j', (input, expected) => {
    const masked = maskPersonalData(input);
    expect(masked.text).toBe(expected);
    expect(masked.flags.map((flag) => flag.kind)).toEqual(['email']);
  });

  it.each([
    ['CCCD 001089012345 của tôi', 'CCCD [đã ẩn số giấy tờ] của tôi'],
    ['CCCD 001 089 012 345', 'CCCD [đã ẩn số giấy tờ]'],
    ['CMND số 123456789', 'CMND số [đã ẩn số giấy tờ]'],
  ])('masks the ID number in %j', (input, expected) => {
    const masked = maskPersonalData(input);
    expect(masked.text).toBe(expected);
    expect(masked.flags.map((flag) => flag.kind)).toEqual(['id-number']);
  });

  it('counts every kind found, and leaves ordinary numbers, dates and the hotline alone', () => {
    expect(kinds('0912345678, 0987654321 và a@b.vn, CCCD 001089012345')).toEqual(['email×1', 'id-number×1', 'phone×2']);
    for (const ordinary of [
      'Ổ gà trên đường Lê Lợi',
      'Số nhà 12, ngõ 5',
      'Ngập từ 05.12.2026 lúc 7:30',
      'Đường dây nóng 1022',
      'Thiệt hại 1.500.000 đồng',
      'Khoảng 20 hộ, 3 cột điện',
      'Quốc lộ 1A km 18+500',
      'Rác @ chợ Đông Kinh',
    ]) {
      expect(maskPersonalData(ordinary), ordinary).toEqual({ text: ordinary, flags: [] });
    }
  });

  it('is idempotent: masked text has nothing left to mask', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 8 }),
            fc.constantFrom(' 0912345678 ', 'a@b.vn', '001089012345', '+84 912 345 678', ' '),
          ),
          { maxLength: 12 },
        ),
        (parts) => {
          const once = maskPersonalData(parts.join('')).text;
          expect(maskPersonalData(once)).toEqual({ text: once, flags: [] });
        },
      ),
    );
  });

  it('never leaves 9 or more digits of a number in a row, however they are spaced (property)', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const phone = fc
      .tuple(
        fc.constantFrom('0', '+84', '84', '+84 '),
        fc.constantFrom('3', '5', '7', '8', '9'),
        fc.array(digit, { minLength: 8, maxLength: 8 }),
        fc.constantFrom('', ' ', '.', '-'),
      )
      .map(
        ([prefix, first, rest, sep]) =>
          `${prefix}${first}${rest.slice(0, 2).join('')}${sep}${rest.slice(2, 5).join('')}${sep}${rest.slice(5).join('')}`,
      );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((s) => !/\d/.test(s)),
        phone,
        fc.string({ maxLength: 20 }).filter((s) => !/\d/.test(s)),
        (before, number, after) => {
          const masked = maskPersonalData(`${before} ${number} ${after}`);
          expect(masked.text.replace(/\D/g, '')).toBe('');
          expect(masked.flags.map((flag) => flag.kind)).toContain('phone');
        },
      ),
    );
  });

  it('keeps the public text within a title’s length even when masks are longer than what they hide', () => {
    const masked = maskPersonalData('0912345678 '.repeat(11).trim());
    expect(masked.text.length).toBeLessThanOrEqual(PUBLIC_TEXT_MAX);
    expect(masked.text).not.toMatch(/\d/);
  });
});

describe('publicTextOf', () => {
  it('takes the moderator’s title when there is one, and masks either', () => {
    expect(publicTextOf({ publicTitle: null, title: 'Rác, gọi 0912345678' }).text).toBe(
      'Rác, gọi [đã ẩn số điện thoại]',
    );
    expect(publicTextOf({ publicTitle: 'Rác tồn đọng', title: 'Rác, gọi 0912345678' })).toEqual({
      text: 'Rác tồn đọng',
      flags: [],
    });
    expect(publicTextOf({ publicTitle: 'Rác, lh a@b.vn', title: 'x' }).text).toBe('Rác, lh [đã ẩn email]');
  });
});
