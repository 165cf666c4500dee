import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config/load-config';
import { loadUnits } from './load-units';
import { currentUnits, departmentFor, rollUp, unitName, unitsValidOn } from './admin-units';

const config = loadUnits();
const TZ = 'Asia/Ho_Chi_Minh';

/** What Resolution 1672/NQ-UBTVQH15, Điều 1 khoản 62–65 says, written out once more by hand. */
const RESOLUTION: Record<string, string> = {
  '05974': '05986',
  '05986': '05986', // Tam Thanh + Hoàng Đồng → Phường Tam Thanh
  '05983': '05983',
  '05989': '05983', // Chi Lăng + Quảng Lạc → Phường Lương Văn Tri
  '05971': '06187',
  '06187': '06187',
  '06226': '06187',
  '06244': '06187',
  '06235': '06187', // → Phường Kỳ Lừa
  '05977': '05977',
  '05980': '05977',
  '06247': '05977',
  '05992': '05977', // → Phường Đông Kinh
};

describe('administrative units', () => {
  it('ships the four wards of Resolution 1672 as today’s units, valid from 2025-07-01', () => {
    const wards = currentUnits(config.units, Date.UTC(2026, 11, 3, 5), TZ).filter((unit) => unit.kind === 'ward');
    expect(wards.map((unit) => [unit.code, unit.name])).toEqual([
      ['05986', 'Phường Tam Thanh'],
      ['05983', 'Phường Lương Văn Tri'],
      ['06187', 'Phường Kỳ Lừa'],
      ['05977', 'Phường Đông Kinh'],
    ]);
    expect(wards.every((unit) => unit.validFrom === '2025-07-01' && unit.validTo === undefined)).toBe(true);
    // The city's time zone decides the day: 17:00 UTC on 30 June is already 1 July in Lạng Sơn.
    expect(
      currentUnits(config.units, Date.UTC(2025, 5, 30, 17, 30), TZ).some((unit) => unit.name === 'Phường Kỳ Lừa'),
    ).toBe(true);
    expect(
      currentUnits(config.units, Date.UTC(2025, 5, 30, 16, 30), TZ).some((unit) => unit.name === 'Phường Kỳ Lừa'),
    ).toBe(false);
  });

  it('keeps the pre-2025 city of five wards and three communes as history, ending 2025-06-30', () => {
    const old = unitsValidOn(config.units, '2025-06-30').filter((unit) => unit.parent === '178');
    expect(old.map((unit) => unit.name).sort()).toEqual(
      [
        'Phường Chi Lăng',
        'Phường Hoàng Văn Thụ',
        'Phường Tam Thanh',
        'Phường Vĩnh Trại',
        'Phường Đông Kinh',
        'Xã Hoàng Đồng',
        'Xã Mai Pha',
        'Xã Quảng Lạc',
      ].sort(),
    );
    expect(unitsValidOn(config.units, '2025-07-01').some((unit) => unit.code === '178')).toBe(false);
  });

  it('rolls every old code up to the ward the resolution names, and every crosswalk row is confirmed', () => {
    const olds = config.crosswalk.filter((entry) => /^\d{5}$/.test(entry.from)).map((entry) => entry.from);
    expect(olds.sort()).toEqual(Object.keys(RESOLUTION).sort());
    for (const [from, to] of Object.entries(RESOLUTION)) expect(rollUp(config, from, '2025-03-15'), from).toEqual([to]);
    expect(config.crosswalk.every((entry) => entry.confirmed && entry.whole && entry.source.length > 0)).toBe(true);
  });

  it('reads a code by its day: 05986 was Xã Hoàng Đồng and is Phường Tam Thanh', () => {
    expect(unitName(config.units, '05986', '2025-06-30')).toEqual({ vi: 'Xã Hoàng Đồng', en: 'Hoang Dong Commune' });
    expect(unitName(config.units, '05986', '2025-07-01')).toEqual({ vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' });
    expect(unitName(config.units, '05986')).toEqual({ vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' });
    expect(unitName(config.units, '05971')).toEqual({ vi: 'Phường Hoàng Văn Thụ', en: 'Hoang Van Thu Ward' });
    // Today's code stays itself; an old district rolls up to the province; an unknown code is kept.
    expect(rollUp(config, '05986', '2026-12-03')).toEqual(['05986']);
    expect(rollUp(config, '178', '2024-01-01')).toEqual(['20']);
    expect(rollUp(config, '99999', '2024-01-01')).toEqual(['99999']);
    // A feed still sending an old code after the change: read as the unit that last had it.
    expect(rollUp(config, '05971', '2026-12-03')).toEqual(['06187']);
    expect(rollUp(config, '05989', '2026-12-03')).toEqual(['05983']);
  });

  it('rolls a unit split in parts up to each part, and a unit merged twice all the way', () => {
    const split = {
      units: [
        {
          code: '00001',
          name: 'Xã A',
          nameEn: 'A',
          kind: 'commune' as const,
          validFrom: '2000-01-01',
          validTo: '2020-12-31',
        },
        {
          code: '00002',
          name: 'Xã B',
          nameEn: 'B',
          kind: 'commune' as const,
          validFrom: '2021-01-01',
          validTo: '2025-06-30',
        },
        { code: '00003', name: 'Xã C', nameEn: 'C', kind: 'commune' as const, validFrom: '2021-01-01' },
        { code: '00004', name: 'Xã D', nameEn: 'D', kind: 'commune' as const, validFrom: '2025-07-01' },
      ],
      crosswalk: [
        { from: '00001', to: '00002', whole: false, confirmed: true, source: 's' },
        { from: '00001', to: '00003', whole: false, confirmed: true, source: 's' },
        { from: '00002', to: '00004', whole: true, confirmed: true, source: 's' },
      ],
    };
    expect(rollUp(split, '00001', '2019-05-01')).toEqual(['00004', '00003']);
  });

  it('names the department that handles each report category', () => {
    const categories = JSON.parse(
      readFileSync(new URL('../../fixtures/reports/categories.json', import.meta.url), 'utf8'),
    ) as { categories: Array<{ code: string }> };
    for (const { code } of categories.categories) expect(departmentFor(config.departments, code), code).toBeDefined();
    expect(departmentFor(config.departments, 'road-damage')?.id).toBe('phong-kinh-te');
    expect(departmentFor(config.departments, 'no-such-category')).toBeUndefined();
    // Department ids and unit codes never collide: one is a slug, the other digits.
    expect(config.departments.every((department) => !/^\d+$/.test(department.id))).toBe(true);
  });
});

describe('units.yaml is checked at start', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const withUnits = (edit: (text: string) => string): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-units-'));
    dirs.push(dir);
    cpSync(new URL('../../config/', import.meta.url), dir, { recursive: true });
    const file = path.join(dir, 'units.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return dir;
  };
  const refusal = async (dir: string) => {
    const error = await loadConfig(dir).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  };

  it('refuses a bad kind, naming the file and the field', async () => {
    const problems = await refusal(
      withUnits((text) =>
        text.replace(
          'name: Phường Kỳ Lừa, nameEn: Ky Lua Ward, kind: ward',
          'name: Phường Kỳ Lừa, nameEn: Ky Lua Ward, kind: town',
        ),
      ),
    );
    expect(problems[0]).toMatchObject({ file: expect.stringMatching(/units\.yaml$/), path: '/units/3/kind' });
  });

  it('refuses a date that is not YYYY-MM-DD and a crosswalk to a code it does not know', async () => {
    expect(
      (await refusal(withUnits((text) => text.replace('validFrom: "2025-07-01"', 'validFrom: "1/7/2025"'))))[0],
    ).toMatchObject({ file: expect.stringMatching(/units\.yaml$/), path: '/units/1/validFrom' });
    const unknown = await refusal(
      withUnits((text) => text.replace('{ from: "05971", to: "06187"', '{ from: "05971", to: "06188"')),
    );
    expect(unknown[0]).toMatchObject({
      file: expect.stringMatching(/units\.yaml$/),
      path: '/crosswalk/0/to',
      reason: expect.stringContaining('06188'),
    });
  });

  it('refuses two units with one code over overlapping periods, and a department id used twice', async () => {
    const clash = await refusal(
      withUnits((text) =>
        text.replace(
          'code: "05974", name: Phường Tam Thanh, nameEn: Tam Thanh Ward, kind: ward, parent: "178", validFrom: "2002-10-17", validTo: "2025-06-30"',
          'code: "05986", name: Phường Tam Thanh, nameEn: Tam Thanh Ward, kind: ward, parent: "178", validFrom: "2002-10-17", validTo: "2025-07-01"',
        ),
      ),
    );
    expect(clash.some((problem) => problem.path.endsWith('/code') && problem.reason.includes('05986'))).toBe(true);
    const twice = await refusal(withUnits((text) => text.replace('id: chieu-sang', 'id: phong-kinh-te')));
    expect(twice[0]).toMatchObject({ file: expect.stringMatching(/units\.yaml$/), path: '/departments/1/id' });
  });

  it('refuses a missing units.yaml by name', async () => {
    const dir = withUnits((text) => text);
    rmSync(path.join(dir, 'units.yaml'));
    expect((await refusal(dir))[0]).toMatchObject({
      file: expect.stringMatching(/units\.yaml$/),
      reason: expect.stringContaining('cannot read'),
    });
  });
});
