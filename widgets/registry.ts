/**
 * The widget types, found by glob: adding a widget type means adding its folder, nothing else.
 * Manifests are small and loaded eagerly; components load lazily through `manifest.load()`.
 */
import { Value } from 'typebox/value';
import type { WidgetManifest } from './widget';

const manifests = import.meta.glob<WidgetManifest>('./*/manifest.ts', { eager: true, import: 'default' });

export const widgetTypes: ReadonlyMap<string, WidgetManifest> = new Map(
  Object.values(manifests).map((manifest) => [manifest.type, manifest]),
);

export function widgetManifest(type: string): WidgetManifest | undefined {
  return widgetTypes.get(type);
}

/** The options of a placement with the type's defaults filled in (the server checked them). */
export function resolveOptions(
  manifest: WidgetManifest,
  options: Record<string, unknown> | undefined,
): Record<string, unknown> {
  // A JSON copy: the defaults are filled in place, and the placement may be a reactive proxy.
  return Value.Default(manifest.options, JSON.parse(JSON.stringify(options ?? {}))) as Record<string, unknown>;
}
