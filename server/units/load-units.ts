/**
 * Reads `config/units.yaml`: its schema, then what a schema cannot say — one unit per code on any
 * day, parents and crosswalk codes that exist, departments named once. Kept apart from the rest of
 * the config loader so that the fixtures can read the units without the domains.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { UnitsFile, type UnitsConfig } from '../../config/schema/units';
import { describeSchemaErrors } from '../ingest/schema-error';

const UNITS_CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));

export interface UnitsProblem {
  file: string;
  path: string;
  reason: string;
}

type ReadValidated = <T>(file: string, schema: TSchema, problems: UnitsProblem[]) => T | null;

/** Parses and checks a YAML file against a schema (the config loader passes its own reader). */
const plainRead: ReadValidated = <T>(file: string, schema: TSchema, problems: UnitsProblem[]): T | null => {
  const name = path.basename(file);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    problems.push({ file: name, path: '', reason: (error as Error).message.split('\n')[0] ?? 'cannot read' });
    return null;
  }
  const value = Value.Default(schema, raw);
  const check = Compile(schema);
  if (!check.Check(value)) {
    for (const refusal of describeSchemaErrors(check.Errors(value), schema).slice(0, 5))
      problems.push({ file: name, path: refusal.pointer || '/', reason: refusal.en });
    return null;
  }
  return value as T;
};

/** `units.yaml` alone, for the fixtures; throws naming the file, the field and the reason. */
export function loadUnits(dir: string = UNITS_CONFIG_DIR): UnitsConfig {
  const problems: UnitsProblem[] = [];
  const units = readUnits(dir, problems);
  if (!units) {
    throw new Error(
      `Cấu hình không hợp lệ / Invalid configuration:\n${problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.reason}`).join('\n')}`,
    );
  }
  return units;
}

export function readUnits(
  dir: string,
  problems: UnitsProblem[],
  nameOf: (file: string) => string = (file) => path.basename(file),
  read: ReadValidated = plainRead,
): UnitsConfig | null {
  const file = path.join(dir, 'units.yaml');
  const parsed = read<UnitsFile>(file, UnitsFile, problems);
  if (!parsed) return null;
  const name = nameOf(file);
  const before = problems.length;
  const { units, crosswalk, departments, operatingBody } = parsed;
  units.forEach((unit, index) => {
    if (unit.validTo !== undefined && unit.validTo < unit.validFrom) {
      problems.push({
        file: name,
        path: `/units/${index}/validTo`,
        reason: `unit ${unit.code} ends (${unit.validTo}) before it starts (${unit.validFrom})`,
      });
    }
    const clash = units.findIndex(
      (other, otherIndex) =>
        otherIndex < index &&
        other.code === unit.code &&
        other.validFrom <= (unit.validTo ?? '9999-12-31') &&
        unit.validFrom <= (other.validTo ?? '9999-12-31'),
    );
    if (clash >= 0)
      problems.push({
        file: name,
        path: `/units/${index}/code`,
        reason: `code ${unit.code} is also /units/${clash} over an overlapping period`,
      });
    if (unit.parent !== undefined && !units.some((other) => other.code === unit.parent)) {
      problems.push({
        file: name,
        path: `/units/${index}/parent`,
        reason: `parent ${unit.parent} is not a unit of this file`,
      });
    }
  });
  crosswalk.forEach((entry, index) => {
    for (const field of ['from', 'to'] as const) {
      if (!units.some((unit) => unit.code === entry[field]))
        problems.push({
          file: name,
          path: `/crosswalk/${index}/${field}`,
          reason: `${entry[field]} is not a unit of this file`,
        });
    }
    if (
      units.some((unit) => unit.code === entry.from) &&
      !units.some((unit) => unit.code === entry.from && unit.validTo !== undefined)
    ) {
      problems.push({
        file: name,
        path: `/crosswalk/${index}/from`,
        reason: `${entry.from} never ended (no validTo): only an ended unit rolls up`,
      });
    }
  });
  const ids = new Set<string>();
  departments.forEach((department, index) => {
    if (ids.has(department.id))
      problems.push({
        file: name,
        path: `/departments/${index}/id`,
        reason: `department id "${department.id}" is used twice`,
      });
    ids.add(department.id);
  });
  return problems.length > before ? null : { operatingBody, units, crosswalk, departments };
}
