/**
 * A small `config.units` in the shape of the shared contract (issue 12), for the scope tests
 * until config/units.yaml lands with the units change. Names as the city writes them; the codes
 * 05977 (Vĩnh Trại until 30/06/2025, Đông Kinh since) show a GSO code reused across the change.
 */
export const UNITS_FOR_SCOPES = {
  operatingBody: { name: 'UBND tỉnh Lạng Sơn', nameEn: "Lạng Sơn Provincial People's Committee" },
  units: [
    { code: '20', name: 'Tỉnh Lạng Sơn', nameEn: 'Lạng Sơn Province', kind: 'province', validFrom: '1976-01-01' },
    {
      code: '178',
      name: 'Thành phố Lạng Sơn',
      nameEn: 'Lạng Sơn City',
      kind: 'district',
      parent: '20',
      validFrom: '2002-10-17',
      validTo: '2025-06-30',
    },
    {
      code: '05971',
      name: 'Phường Hoàng Văn Thụ',
      nameEn: 'Hoang Van Thu Ward',
      kind: 'ward',
      parent: '178',
      validFrom: '2002-10-17',
      validTo: '2025-06-30',
    },
    {
      code: '05977',
      name: 'Phường Vĩnh Trại',
      nameEn: 'Vinh Trai Ward',
      kind: 'ward',
      parent: '178',
      validFrom: '2002-10-17',
      validTo: '2025-06-30',
    },
    {
      code: '05977',
      name: 'Phường Đông Kinh',
      nameEn: 'Dong Kinh Ward',
      kind: 'ward',
      parent: '20',
      validFrom: '2025-07-01',
    },
    {
      code: '05983',
      name: 'Phường Lương Văn Tri',
      nameEn: 'Luong Van Tri Ward',
      kind: 'ward',
      parent: '20',
      validFrom: '2025-07-01',
    },
    {
      code: '05986',
      name: 'Phường Tam Thanh',
      nameEn: 'Tam Thanh Ward',
      kind: 'ward',
      parent: '20',
      validFrom: '2025-07-01',
    },
    {
      code: '06187',
      name: 'Phường Kỳ Lừa',
      nameEn: 'Ky Lua Ward',
      kind: 'ward',
      parent: '20',
      validFrom: '2025-07-01',
    },
  ],
  crosswalk: [
    { from: '05971', to: '05986', whole: false, confirmed: false, source: 'test fixture' },
    { from: '05977', to: '05977', whole: false, confirmed: false, source: 'test fixture' },
  ],
  departments: [
    { id: 'phong-kinh-te', name: 'Phòng Kinh tế', nameEn: 'Economic Department', categories: ['road', 'lighting'] },
    {
      id: 'phong-van-hoa-xa-hoi',
      name: 'Phòng Văn hóa - Xã hội',
      nameEn: 'Culture and Social Affairs Department',
      categories: ['noise'],
    },
  ],
};
