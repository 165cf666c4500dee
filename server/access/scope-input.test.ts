/** The units a scope may name: those of config.units, current, and a department for a handler. */
import { describe, expect, it } from 'vitest';
import { checkScopes, scopeProblem } from './scope-input';
import { unitDirectory, unitDirectoryOf, unitLabel } from './unit-directory';
import { UNITS_FOR_SCOPES } from '../test-support/units-for-scopes';
import type { InputError } from '../ingest/ingest-error';

const directory = unitDirectory(UNITS_FOR_SCOPES);
const TODAY = '2026-12-03';

function refusal(run: () => void): InputError {
  try {
    run();
  } catch (error) {
    return error as InputError;
  }
  throw new Error('not refused');
}

describe('the unit directory', () => {
  it('names wards and departments, a reused code by its current name, and an unknown unit by its id', () => {
    expect(unitLabel(directory, '05986')).toEqual({ vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' });
    expect(unitLabel(directory, 'phong-kinh-te')).toEqual({ vi: 'Phòng Kinh tế', en: 'Economic Department' });
    expect(unitLabel(directory, '05977')).toEqual({ vi: 'Phường Đông Kinh', en: 'Dong Kinh Ward' });
    expect(unitLabel(directory, '05971')).toEqual({ vi: 'Phường Hoàng Văn Thụ', en: 'Hoang Van Thu Ward' });
    expect(unitLabel(directory, 'phong-khong-co')).toEqual({ vi: 'phong-khong-co', en: 'phong-khong-co' });
    expect(unitLabel(undefined, '05986')).toEqual({ vi: '05986', en: '05986' });
  });

  it('reads config.units where the loader puts it, and knows nothing without it', () => {
    expect(unitDirectoryOf(Object.assign({ dir: 'x' }, { units: UNITS_FOR_SCOPES })).lookup('06187')?.name).toBe(
      'Phường Kỳ Lừa',
    );
    expect(unitDirectoryOf({ dir: 'x' }).lookup('06187')).toBeUndefined();
    expect(unitDirectoryOf({ units: { units: 'not a list' } }).lookup('06187')).toBeUndefined();
  });
});

describe('checking scopes given to an account', () => {
  it('takes current wards and communes and departments', () => {
    expect(() =>
      checkScopes(
        [
          { role: 'entry', unit: '05986' },
          { role: 'approver', unit: '05977' },
          { role: 'handler', unit: 'phong-kinh-te' },
          { role: 'entry', unit: 'phong-kinh-te' },
        ],
        directory,
        TODAY,
      ),
    ).not.toThrow();
  });

  it('refuses a unit the config does not name, naming scopes[i].unit in both languages', () => {
    const error = refusal(() =>
      checkScopes(
        [
          { role: 'entry', unit: '05986' },
          { role: 'entry', unit: '12345' },
        ],
        directory,
        TODAY,
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, field: 'scopes[1].unit' });
    expect(error.messageVi).toBe(
      'scopes[1].unit: không có đơn vị "12345": không phải mã đơn vị hành chính hay mã phòng ban trong config/units.yaml',
    );
    expect(error.message).toBe(
      'scopes[1].unit: unknown unit "12345": neither an administrative unit\'s code nor a department\'s id in config/units.yaml',
    );
  });

  it('refuses a unit that ended with the 2025 reorganisation, but not on its last day', () => {
    const error = refusal(() => checkScopes([{ role: 'entry', unit: '05971' }], directory, TODAY));
    expect(error.field).toBe('scopes[0].unit');
    expect(error.messageVi).toBe(
      'scopes[0].unit: Phường Hoàng Văn Thụ (05971) chỉ tồn tại đến hết ngày 30/06/2025: hãy chọn đơn vị hiện hành',
    );
    expect(error.message).toBe(
      "scopes[0].unit: Hoang Van Thu Ward (05971) existed only until 2025-06-30: give one of today's units",
    );
    expect(scopeProblem({ role: 'entry', unit: '05971' }, directory, '2025-06-30', 'unit')).toBeNull();
    expect(scopeProblem({ role: 'entry', unit: '178' }, directory, '2025-07-01', 'unit')?.field).toBe('unit');
  });

  it("refuses a handler on a ward: handlers work a department's inbox", () => {
    const error = refusal(() => checkScopes([{ role: 'handler', unit: '05986' }], directory, TODAY));
    expect(error.messageVi).toBe(
      'scopes[0].unit: người xử lý làm việc với hộp thư của một phòng ban: hãy chọn phòng ban, không phải Phường Tam Thanh',
    );
    expect(error.message).toBe(
      "scopes[0].unit: a handler works a department's inbox: give a department, not Tam Thanh Ward",
    );
  });
});
