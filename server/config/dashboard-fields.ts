/**
 * Checks every `topic` + `field` a dashboard's widgets name against the topics' payload schemas:
 * the field exists (walking objects, `X | null`, records) and holds the shape the widget reads (a
 * number, a Breakdown, a Series, a `ListItem[]`, a `MapPoint[]`). A typo in a dashboard is then
 * refused at load, naming the file, the widget and the field, instead of showing on the wall.
 *
 * Pure: no file, no clock; the config loader and the dashboard tests call it.
 */
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { Breakdown, ListItem, MapPoint, Series } from '../protocol/topics/shared';
import { SHAPE_NAMES } from '../../widgets/shapes';
import type { ReadShape, WidgetManifest } from '../../widgets/widget';
import type { Dashboard } from '../../config/schema/dashboard';

/** What the check needs of a widget type; a type without `reads` names no field. */
export type FieldReader = Pick<WidgetManifest, 'options'> & Partial<Pick<WidgetManifest, 'reads'>>;

export interface FieldProblem {
  file: string;
  /** The widget's id in the dashboard. */
  widget: string;
  /** `topic → field` as the options write it (the topic alone when the whole payload is read). */
  field: string;
  /** JSON pointer to the option in the file (`/widgets/3/options/field`). */
  path: string;
  message: string;
  messageVi: string;
}

/** A JSON schema as TypeBox writes it: the keywords the walk follows. */
interface SchemaNode {
  type?: string;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The alternatives of a union (`X | null` is the usual one), flattened; null itself leads nowhere. */
function alternatives(schema: SchemaNode): SchemaNode[] {
  if (schema.anyOf) return schema.anyOf.flatMap(alternatives);
  return schema.type === 'null' ? [] : [schema];
}

function fieldsOf(schemas: SchemaNode[]): string[] {
  return [...new Set(schemas.flatMap((schema) => Object.keys(schema.properties ?? {})))];
}

/** The schema one key down, in any alternative: a property, or a record's value. */
function child(schema: SchemaNode, key: string): SchemaNode | undefined {
  const property = schema.properties?.[key];
  if (property) return property;
  for (const [pattern, value] of Object.entries(schema.patternProperties ?? {}))
    if (new RegExp(pattern).test(key)) return value;
  return undefined;
}

type Walk = { found: SchemaNode[] } | { missing: string; at: string; known: string[]; list: boolean };

/** Follows a dotted path through a payload schema, as `pickField` follows it through the data. */
function walkField(payload: TSchema, field: string | undefined): Walk {
  let here = alternatives(payload as SchemaNode);
  const parts = field ? field.split('.') : [];
  for (const [index, part] of parts.entries()) {
    const next = here.flatMap((schema) => {
      const found = child(schema, part);
      return found ? alternatives(found) : [];
    });
    if (next.length === 0) {
      return {
        missing: part,
        at: parts.slice(0, index).join('.'),
        known: fieldsOf(here),
        list: here.some((schema) => schema.type === 'array'),
      };
    }
    here = next;
  }
  return { found: here };
}

/** Whether one alternative of the schema at the field is the shape the widget reads. */
function holds(schemas: SchemaNode[], shape: ReadShape): boolean {
  return schemas.some((schema) => {
    switch (shape) {
      case 'number':
        return schema.type === 'number' || schema.type === 'integer';
      case 'breakdown':
        return schema === (Breakdown as SchemaNode);
      case 'series':
        return schema === (Series as SchemaNode);
      case 'list':
        return schema.type === 'array' && schema.items === (ListItem as SchemaNode);
      case 'points':
        return schema.type === 'array' && schema.items === (MapPoint as SchemaNode);
    }
  });
}

/** Every field a dashboard names that its topic's payload does not have, or that holds another shape. */
export function checkDashboardFields(
  dashboard: Dashboard,
  file: string,
  payloads: ReadonlyMap<string, TSchema>,
  widgets: ReadonlyMap<string, FieldReader>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  dashboard.widgets.forEach((widget, index) => {
    const manifest = widgets.get(widget.type);
    if (!manifest?.reads) return;
    // The loader has filled in the defaults already; a dashboard read straight from its file has not.
    const options: unknown = Value.Default(manifest.options, structuredClone(widget.options ?? {}));
    // Options that do not fit are reported by the options check already.
    if (!Value.Check(manifest.options, options)) return;
    for (const read of manifest.reads(options as never)) {
      const payload = payloads.get(read.topic);
      // A topic no domain publishes is reported by the topics check already.
      if (!payload) continue;
      const where = read.field ? `${read.topic} → ${read.field}` : read.topic;
      const problem = (message: string, messageVi: string) =>
        problems.push({
          file,
          widget: widget.id,
          field: where,
          path: `/widgets/${index}/options${read.option}`,
          message,
          messageVi,
        });
      const walk = walkField(payload, read.field);
      if ('missing' in walk) {
        const inside = walk.at ? `"${walk.at}" of the topic "${read.topic}"` : `the topic "${read.topic}"`;
        const insideVi = walk.at ? `"${walk.at}" của chủ đề "${read.topic}"` : `chủ đề "${read.topic}"`;
        if (walk.list) {
          problem(
            `widget "${widget.id}": ${inside} is a list, so it has no field "${walk.missing}"`,
            `widget "${widget.id}": ${insideVi} là một danh sách nên không có trường "${walk.missing}"`,
          );
        } else {
          const known = walk.known.length > 0 ? ` (fields: ${walk.known.join(', ')})` : '';
          const knownVi = walk.known.length > 0 ? ` (các trường: ${walk.known.join(', ')})` : '';
          problem(
            `widget "${widget.id}": ${inside} has no field "${walk.missing}"${known}`,
            `widget "${widget.id}": ${insideVi} không có trường "${walk.missing}"${knownVi}`,
          );
        }
        continue;
      }
      if (!holds(walk.found, read.shape)) {
        const name = SHAPE_NAMES[read.shape];
        problem(
          `widget "${widget.id}": ${where} is not ${name.en}`,
          `widget "${widget.id}": ${where} không phải ${name.vi}`,
        );
      }
    }
  });
  return problems;
}
