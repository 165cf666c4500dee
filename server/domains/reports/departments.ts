/**
 * The departments that handle citizen reports, in the shape of the shared contract
 * (`config/units.yaml` → `LoadedConfig.units.departments`, `departmentFor` in
 * `server/units/admin-units.ts`). Until that configuration lands, the departments are derived
 * from the categories' "department in charge" (fixtures/reports/categories.json), so the ids are
 * the same slugs a city would write in the YAML. Swap `departmentsFromCategories` for the
 * configured list when merging; nothing else changes.
 */
import type { ReportCategory } from './schema';

/** A department as the shared contract defines it. */
export interface Department {
  /** A slug like "phong-quan-ly-do-thi": never digits only (those are administrative unit codes). */
  id: string;
  name: string;
  nameEn: string;
  /** Report category ids this department handles. */
  categories: string[];
}

/** "Phòng Quản lý đô thị" → "phong-quan-ly-do-thi": the Vietnamese letters without their marks. */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** One department per distinct "department in charge" of the categories, in the categories' order. */
export function departmentsFromCategories(categories: readonly ReportCategory[]): Department[] {
  const byId = new Map<string, Department>();
  for (const category of categories) {
    const id = slugOf(category.department.vi);
    let department = byId.get(id);
    if (!department)
      byId.set(id, (department = { id, name: category.department.vi, nameEn: category.department.en, categories: [] }));
    department.categories.push(category.code);
  }
  return [...byId.values()];
}

/** The department suggested for a category (the contract's `departmentFor`), or undefined. */
export function departmentFor(departments: readonly Department[], categoryId: string): Department | undefined {
  return departments.find((department) => department.categories.includes(categoryId));
}
