/**
 * Names of the units that report. Interim: the shared contract puts units and departments in
 * `config/units.yaml` (`LoadedConfig.units`, helper "units"); until that lands this is the same
 * shape for the units the shipped templates name. Swap `unitNameOf` for `unitName(config.units, …)`.
 */
import type { LocalizedText } from '../../protocol/topics';

interface NamedUnit {
  code: string;
  name: string;
  nameEn: string;
}

/** The four wards of Resolution 1672/NQ-UBTVQH15 (from 1 July 2025) and the departments the templates name. */
const KNOWN: readonly NamedUnit[] = [
  { code: '05986', name: 'Phường Tam Thanh', nameEn: 'Tam Thanh Ward' },
  { code: '05983', name: 'Phường Lương Văn Tri', nameEn: 'Luong Van Tri Ward' },
  { code: '06187', name: 'Phường Kỳ Lừa', nameEn: 'Ky Lua Ward' },
  { code: '05977', name: 'Phường Đông Kinh', nameEn: 'Dong Kinh Ward' },
  { code: 'phong-tai-chinh-ke-hoach', name: 'Phòng Tài chính – Kế hoạch', nameEn: 'Finance and Planning Office' },
  { code: 'phong-kinh-te', name: 'Phòng Kinh tế', nameEn: 'Economic Office' },
];

export function unitNameOf(unit: string): LocalizedText {
  const known = KNOWN.find((entry) => entry.code === unit);
  return known ? { vi: known.name, en: known.nameEn } : { vi: unit, en: unit };
}
